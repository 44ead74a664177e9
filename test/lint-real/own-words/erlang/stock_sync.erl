-module(stock_sync).
-export([start/0]).

-include_lib("amqp_client/include/amqp_client.hrl").

start() ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    #'basic.qos_ok'{} = amqp_channel:call(Chan, #'basic.qos'{prefetch_count = 5}),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, #'basic.consume'{queue = <<"stock.sync">>}, self()),
    loop(Chan).

loop(Chan) ->
    receive
        #'basic.cancel'{} ->
            ok;
        {#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Body}} ->
            case stock:apply(Body) of
                ok -> amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag});
                {error, Reason} ->
                    logger:error("stock sync failed: ~p", [Reason]),
                    amqp_channel:cast(Chan, #'basic.reject'{delivery_tag = Tag, requeue = false})
            end,
            loop(Chan)
    end.
