-module(audit_copy).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, #'basic.consume'{queue = <<"audit.copy">>}, self()),
    loop(Chan).

loop(Chan) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Body}} ->
            ok = audit:store(Body),
            amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag}),
            ok = audit:mirror(Body),
            amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag}),
            loop(Chan)
    end.
