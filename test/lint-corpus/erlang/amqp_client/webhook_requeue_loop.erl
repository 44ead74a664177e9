-module(webhook_requeue_loop).
-export([start/1]).

-include_lib("amqp_client/include/amqp_client.hrl").

start(Params) ->
    {ok, Conn} = amqp_connection:start(Params),
    {ok, Ch} = amqp_connection:open_channel(Conn),
    amqp_channel:call(Ch, #'queue.declare'{queue = <<"webhooks">>, durable = true}),
    amqp_channel:subscribe(Ch, #'basic.consume'{queue = <<"webhooks">>}, self()),
    loop(Ch).

loop(Ch) ->
    receive
        #'basic.consume_ok'{} ->
            loop(Ch);
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Payload}} ->
            #{<<"url">> := Url, <<"body">> := Body} = jsx:decode(Payload, [return_maps]),
            case httpc:request(post, {binary_to_list(Url), [], "application/json", Body}, [{timeout, 5000}], []) of
                {ok, {{_, Status, _}, _, _}} when Status >= 200, Status < 300 ->
                    amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag});
                _Failure ->
                    amqp_channel:cast(Ch, #'basic.nack'{delivery_tag = Tag, requeue = true})
            end,
            loop(Ch)
    end.
