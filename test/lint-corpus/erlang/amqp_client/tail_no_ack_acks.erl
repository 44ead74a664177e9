-module(tail_no_ack_acks).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Ch} = amqp_connection:open_channel(Conn),
    #'queue.declare_ok'{queue = Q} = amqp_channel:call(Ch, #'queue.declare'{exclusive = true}),
    amqp_channel:call(Ch, #'queue.bind'{queue = Q, exchange = <<"amq.topic">>, routing_key = <<"#">>}),
    amqp_channel:subscribe(Ch, #'basic.consume'{queue = Q, no_ack = true}, self()),
    loop(Ch).

loop(Ch) ->
    receive
        #'basic.consume_ok'{} ->
            loop(Ch);
        {#'basic.deliver'{delivery_tag = Tag, routing_key = Key}, #amqp_msg{payload = Payload}} ->
            io:format("~s: ~s~n", [Key, Payload]),
            amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag}),
            loop(Ch)
    end.
