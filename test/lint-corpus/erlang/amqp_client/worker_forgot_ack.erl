-module(worker_forgot_ack).
-export([main/1]).

-include_lib("amqp_client/include/amqp_client.hrl").

main(_) ->
    {ok, Connection} = amqp_connection:start(#amqp_params_network{host = "localhost"}),
    {ok, Channel} = amqp_connection:open_channel(Connection),
    amqp_channel:call(Channel, #'queue.declare'{queue = <<"task_queue">>, durable = true}),
    amqp_channel:call(Channel, #'basic.qos'{prefetch_count = 1}),
    Sub = #'basic.consume'{queue = <<"task_queue">>},
    #'basic.consume_ok'{} = amqp_channel:subscribe(Channel, Sub, self()),
    loop(Channel).

loop(Channel) ->
    receive
        #'basic.consume_ok'{} ->
            loop(Channel);
        {#'basic.deliver'{}, #amqp_msg{payload = Body}} ->
            io:format(" [x] Received ~p~n", [Body]),
            timer:sleep(length([C || C <- binary_to_list(Body), C == $.]) * 1000),
            io:format(" [x] Done~n"),
            loop(Channel)
    end.
