(defmodule kt-rpc-server
  (export all))

(include-lib "kanin/include/amqp-client.lfe")

(defun fib
  ((0) 0)
  ((1) 1)
  ((n) (+ (fib (- n 1)) (fib (- n 2)))))

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network host "localhost")))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"rpc_queue")))
    (kanin-chan:call channel (make-queue.declare queue #"rpc_queue"))
    (kanin-chan:call channel (make-basic.qos prefetch_count 1))
    (kanin-chan:subscribe channel consumer (self))
    (io:format "[x] Awaiting RPC requests~n")
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body
                            props (match-P_basic reply_to reply-to
                                                 correlation_id corr-id)))
      (let* ((n (binary_to_integer body))
             (response (integer_to_binary (fib n)))
             (publish (make-basic.publish routing_key reply-to))
             (reply-props (make-P_basic correlation_id corr-id)))
        (io:format "[.] fib(~p)~n" (list n))
        (kanin-chan:cast channel publish (make-amqp_msg props reply-props payload response))
        (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
      (loop channel))))
