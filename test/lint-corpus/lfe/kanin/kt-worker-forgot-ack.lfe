(defmodule kt-worker-forgot-ack
  (export all))

(include-lib "kanin/include/amqp-client.lfe")

(defun receive ()
  (let* ((net-opts (make-amqp_params_network host "localhost"))
         (`#(ok ,connection) (kanin-conn:start net-opts))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (queue-name "task-queue")
         (queue (make-queue.declare
                  queue (list_to_binary queue-name)
                  durable 'true))
         (qos (make-basic.qos prefetch_count 1))
         (consumer (make-basic.consume
                     queue (list_to_binary queue-name)))
         (subscriber (self)))
    (kanin-chan:call channel queue)
    (kanin-chan:call channel qos)
    (kanin-chan:subscribe channel consumer subscriber)
    (receive
      ((match-basic.consume_ok)
        'ok))
    (loop channel)))

(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body))
      (io:format "[x] Received: ~p~n" `(,body))
      (timer:sleep 1000)
      (io:format "[x] Done.~n")
      (loop channel))))
