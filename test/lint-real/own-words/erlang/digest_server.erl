-module(digest_server).
-behaviour(gen_server).
-export([start_link/0, init/1, handle_call/3, handle_cast/2, handle_info/2]).

-include_lib("amqp_client/include/amqp_client.hrl").

start_link() ->
    gen_server:start_link(?MODULE, [], []).

init([]) ->
    {ok, Conn} = amqp_connection:start(#amqp_params_network{}),
    {ok, Chan} = amqp_connection:open_channel(Conn),
    #'basic.consume_ok'{} = amqp_channel:subscribe(Chan, #'basic.consume'{queue = <<"digest">>}, self()),
    {ok, Chan}.

handle_call(_Req, _From, Chan) -> {reply, ok, Chan}.
handle_cast(_Msg, Chan) -> {noreply, Chan}.

handle_info({#'basic.deliver'{delivery_tag = Tag}, #amqp_msg{payload = Body}}, Chan) ->
    case digest:send(Body) of
        ok -> amqp_channel:cast(Chan, #'basic.ack'{delivery_tag = Tag});
        {error, _} -> amqp_channel:cast(Chan, #'basic.reject'{delivery_tag = Tag, requeue = false})
    end,
    {noreply, Chan};
handle_info(_Other, Chan) ->
    {noreply, Chan}.
