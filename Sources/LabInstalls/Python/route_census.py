# Lists every route the installed LiteLLM proxy's own application serves, inside the proxy's venv: path,
# methods, kind (http or websocket), the handler (module.name), and which of the proxy's calls to a model or a
# provider the handler's source makes, if any. Prints JSON.
import importlib
import inspect
import json
import os
import re

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
from litellm.proxy.proxy_server import app  # noqa: E402 - the cost map must be local before the import

# What a handler calls when it sends a request on to a model server or a provider: the proxy's shared request
# path, its router's (also under a local name: 1.99's `router: Final = llm_router`) and the SDK's async calls,
# its queue, its pass-through forwarding, and the file upload's router (1.83 on: `route_create_file`, which
# calls the SDK).
UPSTREAM_CALL = re.compile(
    r"base_process_llm_request|base_passthrough_process_llm_request|route_request\(|schedule_acompletion"
    r"|route_create_file\("
    r"|pass_through_request\(|llm_passthrough_route|ProxyBaseLLMRequestProcessing\("
    r"|\b(?:llm_)?router\.a(?!pply\(|pi_route\()[a-z_]+\("
    r"|litellm\.a[a-z_]+\(|\.arealtime\("
)


# Handlers that forward to a provider by a helper of their own (the provider pass-throughs, the realtime and
# live websockets) are named so by LiteLLM.
FORWARDER = re.compile(
    r"(proxy_route|passthrough_route|passthrough_endpoint|websocket_endpoint|websocket_route)$"
)


# Where a provider pass-through's handler takes its upstream from: a variable of the proxy's environment it
# names, or a host it names outright (hard-wired when it names no variable).
BASE_VARIABLE = re.compile(r"[\"']([A-Z][A-Z0-9_]*_(?:API_BASE|BASE_URL))[\"']")
HOST = re.compile(r"[\"'](https://[A-Za-z0-9.{}()_-]+)")


def source_of(endpoint):
    try:
        return inspect.getsource(endpoint)
    except (OSError, TypeError):
        return ""


def upstream_call(endpoint, source):
    found = UPSTREAM_CALL.search(source)
    if found:
        return found.group(0)
    name = getattr(endpoint, "__name__", "")
    return f"{name} (forwards to a provider)" if FORWARDER.search(name) else None


def walk(routes, prefix=""):
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:  # FastAPI 0.16x keeps an included router whole
            yield from walk(included.routes, prefix + route.include_context.prefix)
            continue
        if getattr(route, "routes", None) is not None and not hasattr(route, "endpoint"):  # a Mount
            yield from walk(route.routes, prefix + route.path)
            continue
        endpoint = getattr(route, "endpoint", None)
        path = getattr(route, "path", None)
        if path is None or endpoint is None:
            continue
        websocket = type(route).__name__ == "APIWebSocketRoute" or type(route).__name__ == "WebSocketRoute"
        source = source_of(endpoint)
        yield {
            "path": prefix + path,
            "methods": sorted(getattr(route, "methods", None) or []),
            "kind": "websocket" if websocket else "http",
            "handler": f"{getattr(endpoint, '__module__', '?')}.{getattr(endpoint, '__name__', '?')}",
            "upstream_call": upstream_call(endpoint, source),
            "base_variables": sorted(set(BASE_VARIABLE.findall(source))),
            "hosts": sorted(set(HOST.findall(source))),
        }


try:  # from 1.88, optional routers (MCP's REST routes, A2A, pass-throughs) register on their first request
    from litellm.proxy import _lazy_features
except ImportError:
    _lazy_features = None
if hasattr(_lazy_features, "register_all_features"):  # 1.10x registers them all at once
    _lazy_features.register_all_features(app)
elif _lazy_features is not None:  # 1.88 to 1.99: one by one, as a feature's first request does
    for feature in _lazy_features.LAZY_FEATURES:
        try:
            feature.register_fn(app, importlib.import_module(feature.module_path))
        except Exception:  # noqa: BLE001 - as LiteLLM does: a feature that cannot load serves nothing
            continue
print(json.dumps(list(walk(app.routes))))
