(defmodule webhook-requeue
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network)))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"webhooks")))
    (kanin-chan:call channel (make-queue.declare queue #"webhooks" durable 'true))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body))
      (case (hooks:post body)
        ('ok
          (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
        ((tuple 'error reason)
          (io:format "webhook failed: ~p, requeueing~n" (list reason))
          (kanin-chan:cast channel (make-basic.nack delivery_tag tag requeue 'true))))
      (loop channel))))
