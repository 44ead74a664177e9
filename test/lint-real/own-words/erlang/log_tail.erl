-module(log_tail).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    Sub = #'basic.consume'{queue = <<"logs.tail">>, no_ack = true},
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, Sub, self()),
    loop(Chan).

loop(Chan) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Line}} ->
            io:format("~s~n", [Line]),
            amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag}),
            loop(Chan)
    end.
