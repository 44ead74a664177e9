(defmodule kt-receive-logs
  (export all))

(include-lib "kanin/include/amqp-client.lfe")

(defun receive ()
  (let* ((net-opts (make-amqp_params_network host "localhost"))
         (`#(ok ,connection) (kanin-conn:start net-opts))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (exchange (make-exchange.declare
                     exchange #"logs"
                     type #"fanout"))
         (queue (make-queue.declare exclusive 'true)))
    (kanin-chan:call channel exchange)
    (let* (((match-queue.declare_ok queue queue-name)
            (kanin-chan:call channel queue))
           (binding (make-queue.bind
                      exchange #"logs"
                      queue queue-name))
           (consumer (make-basic.consume
                       queue queue-name
                       no_ack 'true)))
      (kanin-chan:call channel binding)
      (io:format "[*] Waiting for logs. To exit press CTRL+C~n")
      (kanin-chan:subscribe channel consumer (self))
      (receive
        ((match-basic.consume_ok)
          'ok))
      (loop channel))))

(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver) (match-amqp_msg payload body))
      (io:format "[x] ~p~n" `(,body))
      (loop channel))))
