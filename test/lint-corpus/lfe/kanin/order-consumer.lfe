(defmodule order-consumer
  (export (start 1)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start (url)
  (let* ((`#(ok ,params) (amqp_uri:parse url))
         (`#(ok ,connection) (kanin-conn:start params))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (declare (make-queue.declare
                    queue #"orders"
                    durable 'true
                    arguments (list (tuple #"x-dead-letter-exchange" 'longstr #"orders.dlx"))))
         (consumer (make-basic.consume queue #"orders")))
    (kanin-chan:call channel declare)
    (kanin-chan:call channel (make-basic.qos prefetch_count 10))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body))
      (case (orders:store body)
        ('ok
          (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
        ((tuple 'error reason)
          (logger:error "order rejected: ~p" (list reason))
          (kanin-chan:cast channel (make-basic.reject delivery_tag tag requeue 'false))))
      (loop channel))))
