-module(double_ack).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Ch} = amqp_connection:open_channel(Conn),
    amqp_channel:subscribe(Ch, #'basic.consume'{queue = <<"alerts">>}, self()),
    loop(Ch).

loop(Ch) ->
    receive
        #'basic.consume_ok'{} ->
            loop(Ch);
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Payload}} ->
            Alert = jsx:decode(Payload, [return_maps]),
            case maps:get(<<"severity">>, Alert, <<"info">>) of
                <<"critical">> ->
                    pager:page(Alert),
                    amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag});
                _ ->
                    ok
            end,
            alert_log:append(Alert),
            amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag}),
            loop(Ch)
    end.
