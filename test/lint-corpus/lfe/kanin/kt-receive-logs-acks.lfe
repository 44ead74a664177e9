(defmodule kt-receive-logs-acks
  (export all))

(include-lib "kanin/include/amqp-client.lfe")

(defun receive ()
  (let* ((net-opts (make-amqp_params_network host "localhost"))
         (`#(ok ,connection) (kanin-conn:start net-opts))
         (`#(ok ,channel) (kanin-conn:open-channel connection))
         (consumer (make-basic.consume
                     queue #"log-archive"
                     no_ack 'true)))
    (kanin-chan:subscribe channel consumer (self))
    (loop channel)))

(defun loop (channel)
  (receive
    ((match-basic.consume_ok)
      (loop channel))
    ((tuple (match-basic.deliver delivery_tag tag)
            (match-amqp_msg payload body))
      (io:format "[archive] ~p~n" `(,body))
      (kanin-chan:cast channel (make-basic.ack delivery_tag tag))
      (loop channel))))
