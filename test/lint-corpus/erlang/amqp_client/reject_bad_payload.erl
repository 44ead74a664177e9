-module(reject_bad_payload).
-export([start/1]).

-include_lib("amqp_client/include/amqp_client.hrl").

start(Params) ->
    {ok, Conn} = amqp_connection:start(Params),
    {ok, Ch} = amqp_connection:open_channel(Conn),
    Args = [{<<"x-dead-letter-exchange">>, longstr, <<"positions.dlx">>}],
    amqp_channel:call(Ch, #'queue.declare'{queue = <<"positions">>, durable = true, arguments = Args}),
    amqp_channel:call(Ch, #'basic.qos'{prefetch_count = 100}),
    #'basic.consume_ok'{} =
        amqp_channel:subscribe(Ch, #'basic.consume'{queue = <<"positions">>, consumer_tag = <<"geo">>}, self()),
    loop(Ch).

loop(Ch) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Payload}} ->
            try jsx:decode(Payload, [return_maps]) of
                #{<<"device">> := Device, <<"lat">> := Lat, <<"lng">> := Lng} ->
                    geo_store:put(Device, Lat, Lng),
                    amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag});
                _Other ->
                    amqp_channel:cast(Ch, #'basic.reject'{delivery_tag = Tag, requeue = false})
            catch
                error:_ ->
                    amqp_channel:cast(Ch, #'basic.reject'{delivery_tag = Tag, requeue = false})
            end,
            loop(Ch);
        #'basic.cancel'{} ->
            ok
    end.
