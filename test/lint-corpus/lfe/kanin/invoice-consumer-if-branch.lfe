(defmodule invoice-consumer-if-branch
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network host "rabbitmq")))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"invoices")))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun valid? (body)
  (> (byte_size body) 0))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body))
      (if (valid? body)
        (progn
          (invoices:generate body)
          (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
        (io:format "empty invoice request, skipping~n"))
      (loop channel))))
