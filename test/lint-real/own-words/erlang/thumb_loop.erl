-module(thumb_loop).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, #'basic.consume'{queue = <<"thumbs">>}, self()),
    loop(Chan).

loop(Chan) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag, redelivered = Redelivered}, #amqp_msg{payload = Body}} ->
            case thumbs:render(Body) of
                ok ->
                    amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag});
                {error, _} when Redelivered ->
                    logger:warning("thumbnail failed twice");
                {error, _} ->
                    amqp_channel:cast(Chan, #'basic.reject'{delivery_tag = Tag, requeue = true})
            end,
            loop(Chan)
    end.
