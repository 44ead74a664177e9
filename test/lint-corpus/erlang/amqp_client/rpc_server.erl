-module(rpc_server).
-compile([export_all]).

-include_lib("amqp_client/include/amqp_client.hrl").

main(_) ->
    {ok, Connection} =
        amqp_connection:start(#amqp_params_network{host = "localhost"}),
    {ok, Channel} = amqp_connection:open_channel(Connection),

    amqp_channel:call(Channel, #'queue.declare'{queue = <<"rpc_queue">>}),
    amqp_channel:call(Channel, #'basic.qos'{prefetch_count = 1}),

    amqp_channel:subscribe(Channel, #'basic.consume'{queue = <<"rpc_queue">>},
                           self()),
    io:format(" [x] Awaiting RPC requests~n"),
    receive
        #'basic.consume_ok'{} -> ok
    end,
    loop(Channel).

loop(Channel) ->
    receive
        {#'basic.deliver'{delivery_tag = Tag},
         #amqp_msg{payload = Body,
                   props = #'P_basic'{correlation_id = CorrelationId,
                                      reply_to = Q}}} ->
            N = binary_to_integer(Body),
            io:format(" [.] fib(~p)~n", [N]),
            Response = integer_to_binary(fib(N)),
            Props = #'P_basic'{correlation_id = CorrelationId},
            amqp_channel:cast(Channel,
                              #'basic.publish'{routing_key = Q},
                              #amqp_msg{props = Props, payload = Response}),
            amqp_channel:cast(Channel, #'basic.ack'{delivery_tag = Tag}),
            loop(Channel)
    end.

fib(0) -> 0;
fib(1) -> 1;
fib(N) when N > 1 -> fib(N-1) + fib(N-2).
