-module(bridge_wrong_channel).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, In} = amqp_connection:open_channel(Conn),
    {ok, Out} = amqp_connection:open_channel(Conn),
    #'confirm.select_ok'{} = amqp_channel:call(Out, #'confirm.select'{}),
    amqp_channel:subscribe(In, #'basic.consume'{queue = <<"bridge.in">>}, self()),
    loop(In, Out).

loop(In, Out) ->
    receive
        #'basic.consume_ok'{} ->
            loop(In, Out);
        {#'basic.deliver'{delivery_tag = Tag, routing_key = Key}, Content} ->
            amqp_channel:cast(Out, #'basic.publish'{exchange = <<"bridge.out">>, routing_key = Key}, Content),
            true = amqp_channel:wait_for_confirms(Out, 5),
            amqp_channel:cast(Out, #'basic.ack'{delivery_tag = Tag}),
            loop(In, Out)
    end.
