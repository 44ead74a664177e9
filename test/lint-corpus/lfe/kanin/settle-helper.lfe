(defmodule settle-helper
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network host "localhost")))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"thumbnails")))
    (kanin-chan:call channel (make-basic.qos prefetch_count 4))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun settle
  ((channel tag 'ok)
    (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
  ((channel tag (tuple 'error _))
    (kanin-chan:cast channel (make-basic.reject delivery_tag tag requeue 'false))))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload path))
      (settle channel tag (thumbnails:render path))
      (loop channel))))
