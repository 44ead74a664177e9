(defmodule archive-double
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network)))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"archive")))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver delivery_tag tag) (match-amqp_msg payload body))
      (archive:store body)
      (kanin-chan:cast channel (make-basic.ack delivery_tag tag))
      (archive:index body)
      (kanin-chan:cast channel (make-basic.ack delivery_tag tag))
      (loop channel))))
