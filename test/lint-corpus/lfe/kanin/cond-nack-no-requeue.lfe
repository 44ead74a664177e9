(defmodule cond-nack-no-requeue
  (export (start 1)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start (host)
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network host host)))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (declare (make-queue.declare
                    queue #"payouts"
                    durable 'true
                    arguments (list (tuple #"x-dead-letter-exchange" 'longstr #"payouts.dlx"))))
         (consumer (make-basic.consume queue #"payouts")))
    (kanin-chan:call channel declare)
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag redelivered redelivered?)
            (match-amqp_msg payload body))
      (let ((result (payouts:send body)))
        (cond
          ((== result 'ok)
            (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
          ((andalso (== result 'timeout) (not redelivered?))
            (kanin-chan:cast channel (make-basic.nack delivery_tag tag requeue 'true)))
          ('true
            (io:format "payout failed: ~p~n" (list result))
            (kanin-chan:cast channel (make-basic.nack delivery_tag tag requeue 'false)))))
      (loop channel))
    ('stop
      (kanin-chan:close channel))))
