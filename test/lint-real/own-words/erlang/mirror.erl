-module(mirror).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, In} = amqp_connection:open_channel(Conn),
    {ok, Out} = amqp_connection:open_channel(Conn),
    #'basic.consume_ok'{} = amqp_channel:subscribe(In, #'basic.consume'{queue = <<"mirror.in">>}, self()),
    loop(In, Out).

loop(In, Out) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag}, Content} ->
            amqp_channel:cast(Out, #'basic.publish'{exchange = <<"mirror.out">>}, Content),
            amqp_channel:cast(Out, #'basic.ack'{delivery_tag = Tag}),
            loop(In, Out)
    end.
