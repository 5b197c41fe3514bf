"""Check Attrib's exports with the tools analysts use.

Every case in data/cases and data/incidents is exported as a STIX 2.1 bundle and checked by the
OASIS validator (stix2-validator): no errors allowed; warnings are counted by code and printed.
Each case with techniques is also exported as an ATT&CK Navigator layer and a comparison layer,
and both are loaded with mitreattack-python's layer tools, which must read back the same name,
versions and techniques.

Run by `make test-exports` (part of `make test`) with the virtual environment scripts/setup.sh
installs. Usage: validate-exports.py ATTRIB_BINARY PACK

With --files, it checks export files saved elsewhere (the page's downloads, in the page tests)
the same way: each file is a STIX bundle or a Navigator layer, told apart by its content.
Usage: validate-exports.py --files FILE...
"""

import collections
import glob
import json
import subprocess
import sys
import tempfile

from mitreattack.navlayers import Layer
from stix2validator import ValidationOptions, validate_instance

# Warnings we leave, and why (README, "Exports").
EXPECTED_WARNINGS = {
    # External references to attack.mitre.org pages carry a URL but no hash: a hash of a web
    # page that changes is meaningless.
    "302",
}


def run(attrib, args):
    out = subprocess.run([attrib, *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"attrib {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


OPTIONS = ValidationOptions(enforce_refs=True)


def check_bundle(name, bundle, warnings, unexpected):
    """Validate one STIX bundle: no error; warnings counted by code, unexpected ones listed."""
    result = validate_instance(bundle, OPTIONS)
    if not result.is_valid or result.errors:
        errors = [str(e) for e in result.errors or []]
        sys.exit(f"{name}: the STIX bundle is not valid: {errors[:5]}")
    for w in result.warnings or []:
        code = str(w).split("{", 1)[1].split("}", 1)[0] if "{" in str(w) else "?"
        warnings[code] += 1
        if code not in EXPECTED_WARNINGS:
            unexpected.append(f"{name}: {w}")


def check_layer(name, data):
    """Load one Navigator layer with mitreattack-python and compare what it read back."""
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        json.dump(data, f)
        f.flush()
        layer = Layer()
        layer.from_file(f.name)
    back = layer.to_dict()
    if not back or back.get("name") != data["name"]:
        sys.exit(f"{name}: mitreattack-python could not load the layer")
    if back["versions"]["layer"] != "4.5" or back["domain"] != "enterprise-attack":
        sys.exit(f"{name}: the layer read back with versions {back['versions']}")
    if len(back["techniques"]) != len(data["techniques"]):
        sys.exit(f"{name}: {len(data['techniques'])} techniques written, {len(back['techniques'])} read back")


def report(bundles, layers, warnings, unexpected):
    print(f"stix2-validator: {bundles} bundles valid; warnings by code: {dict(sorted(warnings.items()))}")
    print(f"mitreattack-python: {layers} Navigator layers loaded")
    if unexpected:
        sys.exit("unexpected validator warnings:\n" + "\n".join(unexpected[:20]))


def files(paths):
    warnings = collections.Counter()
    unexpected = []
    bundles = layers = 0
    for path in paths:
        with open(path) as f:
            data = json.load(f)
        if data.get("type") == "bundle":
            check_bundle(path, data, warnings, unexpected)
            bundles += 1
        elif "techniques" in data and "versions" in data:
            check_layer(path, data)
            layers += 1
        else:
            sys.exit(f"{path}: neither a STIX bundle nor a Navigator layer")
    report(bundles, layers, warnings, unexpected)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--files":
        return files(sys.argv[2:])
    attrib, pack = sys.argv[1], sys.argv[2]
    cases = sorted(glob.glob("data/cases/*.json")) + sorted(
        f for f in glob.glob("data/incidents/*.json") if not f.endswith("attributions.json")
    )
    warnings = collections.Counter()
    unexpected = []
    layers = 0
    for case in cases:
        bundle = run(attrib, ["export", case, "--stix", "--created", "2026-01-01T00:00:00Z", "--profiles", pack])
        check_bundle(case, bundle, warnings, unexpected)
        techniques = [o for o in json.load(open(case))["observations"] if o["kind"] == "technique"]
        if not techniques:
            continue
        for extra in ([], ["--comparison"]):
            data = run(attrib, ["export", case, "--navigator", *extra, "--profiles", pack])
            check_layer(f"{case} {extra}", data)
            layers += 1
    report(len(cases), layers, warnings, unexpected)


if __name__ == "__main__":
    main()
