-module(push_sender).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, #'basic.consume'{queue = <<"push">>}, self()),
    loop(Chan).

loop(Chan) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Body}} ->
            try push:send(Body) of
                ok -> amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag})
            catch
                _:Reason ->
                    logger:warning("push failed: ~p, retrying", [Reason]),
                    amqp_channel:cast(Chan, #'basic.nack'{delivery_tag = Tag, requeue = true})
            end,
            loop(Chan)
    end.
