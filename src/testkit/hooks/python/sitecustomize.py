# AckLab trace hook for Python's pika, loaded by `acklab test --trace` through PYTHONPATH (Python
# imports sitecustomize at start-up). When pika is imported, it patches pika.channel.Channel (under
# every adapter, BlockingConnection included) to record where basic_consume, basic_ack, basic_nack and
# basic_reject are called, and where the consume handler is defined. One JSON line per call is appended
# to ACKLAB_TRACE_FILE (format: src/testkit/trace.ts). It never raises into the user's code, and it
# runs the sitecustomize it shadows, if there is one.
import importlib.abc
import importlib.util
import json
import os
import sys
import threading
import time

_FILE = os.environ.get("ACKLAB_TRACE_FILE")
_HERE = os.path.dirname(os.path.abspath(__file__))
_LOCK = threading.Lock()
_LOCAL = threading.local()


def _write(record):
    try:
        line = json.dumps(record) + "\n"
        with _LOCK:
            with open(_FILE, "a", encoding="utf-8") as f:
                f.write(line)
    except Exception:
        pass


def _user_frame():
    """The innermost stack frame outside pika and this hook: the user's call."""
    f = sys._getframe(1)
    while f is not None:
        path = f.f_code.co_filename
        if os.sep + "pika" + os.sep not in path and not path.startswith(_HERE) and not path.startswith("<frozen"):
            return {"file": os.path.abspath(path), "line": f.f_lineno, "column": 1, "function": f.f_code.co_name}
        f = f.f_back
    return None


def _handler_site(cb):
    code = getattr(getattr(cb, "__func__", cb), "__code__", None)
    if code is None:
        return None
    return {"file": os.path.abspath(code.co_filename), "line": code.co_firstlineno, "column": 1, "function": code.co_name}


def _local_port(channel):
    try:
        return channel.connection._transport._sock.getsockname()[1]
    except Exception:
        return None


def _emit(channel, record):
    port = _local_port(channel)
    site = record.get("site")
    if port is None or site is None:
        return
    record.update({"port": port, "ch": channel.channel_number, "t": time.time() * 1000, "lib": "pika"})
    _write(record)


def _patch_channel(module):
    Channel = module.Channel
    if getattr(Channel, "_acklab_patched", False):
        return
    Channel._acklab_patched = True
    consume, ack, nack, reject = Channel.basic_consume, Channel.basic_ack, Channel.basic_nack, Channel.basic_reject

    def basic_consume(self, *args, **kwargs):
        tag = consume(self, *args, **kwargs)
        try:
            cb = getattr(_LOCAL, "user_callback", None) or kwargs.get("on_message_callback") or (args[1] if len(args) > 1 else None)
            rec = {"op": "consume", "consumerTag": tag, "site": _user_frame()}
            handler = _handler_site(cb) if cb is not None else None
            if handler and os.sep + "pika" + os.sep not in handler["file"]:
                rec["handler"] = handler
            _emit(self, rec)
        except Exception:
            pass
        return tag

    def settle(op, fn):
        def wrapper(self, delivery_tag=0, *args, **kwargs):
            try:
                multiple = kwargs.get("multiple", args[0] if op != "reject" and args else False)
                _emit(self, {"op": op, "tag": int(delivery_tag or 0), "multiple": bool(multiple), "site": _user_frame()})
            except Exception:
                pass
            return fn(self, delivery_tag, *args, **kwargs)
        wrapper.__name__ = fn.__name__
        return wrapper

    Channel.basic_consume = basic_consume
    Channel.basic_ack = settle("ack", ack)
    Channel.basic_nack = settle("nack", nack)
    Channel.basic_reject = settle("reject", reject)


def _patch_blocking(module):
    """BlockingChannel hands pika its own callback: keep the user's, for the handler's line."""
    Blocking = module.BlockingChannel
    if getattr(Blocking, "_acklab_patched", False):
        return
    Blocking._acklab_patched = True
    consume = Blocking.basic_consume

    def basic_consume(self, queue, on_message_callback, *args, **kwargs):
        _LOCAL.user_callback = on_message_callback
        try:
            return consume(self, queue, on_message_callback, *args, **kwargs)
        finally:
            _LOCAL.user_callback = None

    Blocking.basic_consume = basic_consume


_TARGETS = {"pika.channel": _patch_channel, "pika.adapters.blocking_connection": _patch_blocking}


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in _TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
                break
        else:
            return None
        run = spec.loader.exec_module
        patch = _TARGETS[name]

        def exec_module(module):
            run(module)
            try:
                patch(module)
            except Exception:
                pass

        spec.loader.exec_module = exec_module
        return spec


def _chain():
    """Run the sitecustomize this one shadows (e.g. Debian's), as Python would have."""
    for entry in sys.path:
        if not entry or os.path.abspath(entry) == _HERE:
            continue
        candidate = os.path.join(entry, "sitecustomize.py")
        if os.path.isfile(candidate):
            try:
                spec = importlib.util.spec_from_file_location("_acklab_shadowed_sitecustomize", candidate)
                spec.loader.exec_module(importlib.util.module_from_spec(spec))
            except Exception:
                pass
            return


if _FILE:
    sys.meta_path.insert(0, _Finder())
_chain()
