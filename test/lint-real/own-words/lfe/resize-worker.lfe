(defmodule resize-worker
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network)))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"images.resize")))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag) (match-amqp_msg payload body))
      (case (images:resize body)
        ('ok
          (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
        (`#(error ,reason)
          (io:format "resize failed: ~p~n" (list reason))))
      (loop channel))))
