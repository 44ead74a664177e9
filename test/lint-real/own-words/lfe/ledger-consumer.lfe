(defmodule ledger-consumer
  (export (start 0)))

(include-lib "kanin/include/amqp-client.lfe")

(defun start ()
  (let* ((`#(ok ,connection) (kanin-conn:start (make-amqp_params_network)))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume queue #"ledger")))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((tuple (match-basic.deliver delivery_tag tag) (match-amqp_msg payload body))
      (case (ledger:post body)
        ('ok
          (kanin-chan:cast channel (make-basic.ack delivery_tag tag)))
        (_
          (kanin-chan:cast channel (make-basic.reject delivery_tag tag requeue 'false))))
      (loop channel))))
