-module(settle_helper).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Ch} = amqp_connection:open_channel(Conn),
    amqp_channel:call(Ch, #'queue.declare'{queue = <<"thumbnails">>, durable = true}),
    amqp_channel:call(Ch, #'basic.qos'{prefetch_count = 4}),
    amqp_channel:subscribe(Ch, #'basic.consume'{queue = <<"thumbnails">>}, self()),
    loop(Ch).

loop(Ch) ->
    receive
        #'basic.consume_ok'{} ->
            loop(Ch);
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Path}} ->
            Result = thumbnails:render(Path),
            settle(Ch, Tag, Result),
            loop(Ch);
        stop ->
            amqp_channel:close(Ch)
    end.

settle(Ch, Tag, ok) ->
    amqp_channel:cast(Ch, #'basic.ack'{delivery_tag = Tag});
settle(Ch, Tag, {error, Reason}) ->
    logger:warning("thumbnail failed: ~p", [Reason]),
    amqp_channel:cast(Ch, #'basic.reject'{delivery_tag = Tag, requeue = false}).
