# Rewrites a user's LiteLLM config for the lab, inside the proxy's own venv: LiteLLM reads the file with
# its own rules (includes), names each model's provider, and PyYAML writes the result. Arguments: the
# user's config, the lab's own config, the file to write, and the backends as JSON. Prints JSON.
import asyncio
import json
import os
import re
import sys

os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
import litellm
import yaml
from litellm.proxy.proxy_server import ProxyConfig

user_path, lab_path, output_path, backends = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
# The wire format each provider speaks to its api_base; the fake backend speaks these two.
FORMATS = {
    "openai": "openai", "custom_openai": "openai", "text-completion-openai": "openai",
    "hosted_vllm": "openai", "anthropic": "anthropic",
}
SECRET_KEY = re.compile(
    r"(^|_)(key|api_key|secret|token|password|passwd|credentials?|database_url)($|_)", re.IGNORECASE
)
MASK = "lab-masked"
NO_DATABASE = (
    "the lab runs no database, and LiteLLM refuses a masked URL (1.110.2: unsupported scheme; 1.61.20: no"
    " Prisma binaries); without one it keeps keys and spend in memory, which the measured path does not read"
)
NO_REDIS = "the lab runs no Redis: the router keeps its state in memory, one proxy as the lab runs it"
OUTSIDE = "it sends to a service outside the lab (traffic goes only to loopback)"
# Keys that need infrastructure the lab does not run, dropped with the reason; `inline` marks what runs in the
# request path, so that a deployment with it could measure otherwise.
INFRASTRUCTURE = {
    ("general_settings", "database_url"): (NO_DATABASE, False),
    ("general_settings", "store_model_in_db"): (NO_DATABASE, False),
    ("general_settings", "database_connection_pool_limit"): (NO_DATABASE, False),
    ("general_settings", "database_connection_timeout"): (NO_DATABASE, False),
    ("general_settings", "alerting"): (OUTSIDE, False),
    ("general_settings", "alert_types"): (OUTSIDE, False),
    ("general_settings", "alerting_threshold"): (OUTSIDE, False),
    ("router_settings", "redis_host"): (NO_REDIS, False),
    ("router_settings", "redis_port"): (NO_REDIS, False),
    ("router_settings", "redis_password"): (NO_REDIS, False),
    ("router_settings", "redis_url"): (NO_REDIS, False),
    ("litellm_settings", "success_callback"): (OUTSIDE, True),
    ("litellm_settings", "failure_callback"): (OUTSIDE, True),
    ("litellm_settings", "callbacks"): (OUTSIDE, True),
    ("litellm_settings", "service_callback"): (OUTSIDE, True),
    (None, "guardrails"): ("guardrails call services outside the lab", True),
}
LOCAL_CACHES = {"local", "disk"}


def masked(value, key=""):
    if isinstance(value, dict):
        return {k: masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v, key) for v in value]
    if isinstance(value, str) and (value.startswith("os.environ/") or SECRET_KEY.search(key)):
        return MASK
    return value


def fail(message):
    print(json.dumps({"error": message}))
    sys.exit(0)


try:
    user = asyncio.run(ProxyConfig()._get_config_from_file(user_path)) or {}
except Exception as error:  # noqa: BLE001 - whatever LiteLLM raises, its message says what is wrong
    fail(f"LiteLLM cannot read it: {error}")
if not isinstance(user, dict) or not isinstance(user.get("model_list"), list) or not user["model_list"]:
    fail("it has no model_list: the lab routes your models, so it needs at least one")
with open(lab_path) as file:
    lab = yaml.safe_load(file)

effective = masked(user)
dropped = []


def drop(section, key, reason, inline):
    where = effective if section is None else effective.get(section)
    if isinstance(where, dict) and key in where:
        del where[key]
        name = key if section is None else f"{section}.{key}"
        if inline:
            reason += "; it runs in the request path, so your deployment with it may measure otherwise"
        dropped.append({"key": name, "reason": reason})


for (section, key), (reason, inline) in INFRASTRUCTURE.items():
    drop(section, key, reason, inline)
settings = effective.get("litellm_settings")
if isinstance(settings, dict) and settings.get("cache"):
    # The proxy's own default when `cache_params` names no type (proxy_server.py, 1.61.20 to 1.110.2).
    cache_type = str((settings.get("cache_params") or {}).get("type") or "redis")
    if cache_type not in LOCAL_CACHES:
        reason = f"a {cache_type} cache needs a server the lab does not run"
        drop("litellm_settings", "cache_params", reason, True)
        drop("litellm_settings", "cache", reason, True)
models = []
for entry in effective["model_list"]:
    name = entry.get("model_name")
    params = entry.get("litellm_params") or {}
    try:
        provider = litellm.get_llm_provider(
            model=params.get("model", ""), custom_llm_provider=params.get("custom_llm_provider"))[1]
    except Exception as error:  # noqa: BLE001 - whatever LiteLLM raises, its message names the problem
        fail(f"model {name}: LiteLLM cannot tell its provider ({error})")
    wire = FORMATS.get(provider)
    if wire is None:
        fail(
            f"model {name} ({params.get('model')}) goes to provider {provider}, whose API the fake backend "
            f"cannot emulate (it emulates {', '.join(sorted(FORMATS))}): route it as openai/<model> in a "
            "copy of your config, or leave it out")
    entry["litellm_params"] = dict(params, api_base=backends[wire], api_key="lab-backend-key")
    models.append({"name": name, "provider": provider, "format": wire})

# The lab's own models follow the user's; its settings win over the user's, key by key.
effective["model_list"] += lab.get("model_list") or []
for section in ("general_settings", "router_settings", "litellm_settings"):
    merged = dict(effective.get(section) or {})
    merged.update(lab.get(section) or {})
    if merged:
        effective[section] = merged
with open(output_path, "w") as file:
    file.write(
        "# Your config, rewritten by litellm-leak-lab: models routed to the fake backend, secrets masked.\n"
        + "".join(f"# dropped {item['key']}: {item['reason']}\n" for item in dropped)
    )
    yaml.safe_dump(effective, file, sort_keys=False)
print(json.dumps({"models": models, "dropped": dropped}))
