-module(invoice_consumer_error_no_ack).
-behaviour(gen_server).

-include_lib("amqp_client/include/amqp_client.hrl").

-export([start_link/0]).
-export([init/1, handle_call/3, handle_cast/2, handle_info/2]).

start_link() ->
    gen_server:start_link({local, ?MODULE}, ?MODULE, [], []).

init([]) ->
    {ok, Connection} = amqp_connection:start(#amqp_params_network{host = "rabbitmq"}),
    {ok, Channel} = amqp_connection:open_channel(Connection),
    Consume = #'basic.consume'{queue = <<"invoices">>},
    #'basic.consume_ok'{} = amqp_channel:subscribe(Channel, Consume, self()),
    {ok, Channel}.

handle_call(_Req, _From, Channel) -> {reply, ok, Channel}.
handle_cast(_Msg, Channel) -> {noreply, Channel}.

handle_info({#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Payload}}, Channel) ->
    case invoices:generate(Payload) of
        {ok, Number} ->
            logger:info("invoice ~s generated", [Number]),
            amqp_channel:cast(Channel, #'basic.ack'{delivery_tag = Tag});
        {error, Reason} ->
            logger:error("invoice generation failed: ~p", [Reason])
    end,
    {noreply, Channel};
handle_info(_Info, Channel) ->
    {noreply, Channel}.
