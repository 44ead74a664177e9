%% gen_server consuming order events; settles every delivery.
-module(order_consumer).
-behaviour(gen_server).

-include_lib("amqp_client/include/amqp_client.hrl").

-export([start_link/1]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).

-record(state, {connection, channel, consumer_tag}).

start_link(Params) ->
    gen_server:start_link({local, ?MODULE}, ?MODULE, Params, []).

init(Params) ->
    {ok, Connection} = amqp_connection:start(Params),
    {ok, Channel} = amqp_connection:open_channel(Connection),
    Args = [{<<"x-dead-letter-exchange">>, longstr, <<"orders.dlx">>}],
    #'queue.declare_ok'{} =
        amqp_channel:call(Channel, #'queue.declare'{queue = <<"orders">>,
                                                    durable = true,
                                                    arguments = Args}),
    #'basic.qos_ok'{} = amqp_channel:call(Channel, #'basic.qos'{prefetch_count = 20}),
    #'basic.consume_ok'{consumer_tag = Tag} =
        amqp_channel:subscribe(Channel, #'basic.consume'{queue = <<"orders">>}, self()),
    {ok, #state{connection = Connection, channel = Channel, consumer_tag = Tag}}.

handle_call(_Request, _From, State) ->
    {reply, ok, State}.

handle_cast(_Msg, State) ->
    {noreply, State}.

handle_info(#'basic.consume_ok'{}, State) ->
    {noreply, State};
handle_info(#'basic.cancel'{}, State) ->
    {stop, normal, State};
handle_info({#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Payload}},
            State = #state{channel = Channel}) ->
    case orders:store(jsx:decode(Payload, [return_maps])) of
        ok ->
            amqp_channel:cast(Channel, #'basic.ack'{delivery_tag = Tag});
        {error, Reason} ->
            logger:error("order rejected: ~p", [Reason]),
            amqp_channel:cast(Channel, #'basic.nack'{delivery_tag = Tag, requeue = false})
    end,
    {noreply, State};
handle_info(_Info, State) ->
    {noreply, State}.

terminate(_Reason, #state{connection = Connection, channel = Channel}) ->
    catch amqp_channel:close(Channel),
    catch amqp_connection:close(Connection),
    ok.
