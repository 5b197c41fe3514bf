"""Check Attrib's exports with the tools analysts use.

Every case in data/cases and data/incidents is exported as a STIX 2.1 bundle and checked by the
OASIS validator (stix2-validator): no errors allowed; warnings are counted by code and printed.
Each case with techniques is also exported as an ATT&CK Navigator layer and a comparison layer,
and both are loaded with mitreattack-python's layer tools, which must read back the same name,
versions and techniques.

Run by `make test-exports` (part of `make test`) with the virtual environment scripts/setup.sh
installs. Usage: validate-exports.py ATTRIB_BINARY PACK
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


def main():
    attrib, pack = sys.argv[1], sys.argv[2]
    cases = sorted(glob.glob("data/cases/*.json")) + sorted(
        f for f in glob.glob("data/incidents/*.json") if not f.endswith("attributions.json")
    )
    options = ValidationOptions(enforce_refs=True)
    warnings = collections.Counter()
    unexpected = []
    layers = 0
    for case in cases:
        bundle = run(attrib, ["export", case, "--stix", "--created", "2026-01-01T00:00:00Z", "--profiles", pack])
        result = validate_instance(bundle, options)
        if not result.is_valid or result.errors:
            errors = [str(e) for e in result.errors or []]
            sys.exit(f"{case}: the STIX bundle is not valid: {errors[:5]}")
        for w in result.warnings or []:
            code = str(w).split("{", 1)[1].split("}", 1)[0] if "{" in str(w) else "?"
            warnings[code] += 1
            if code not in EXPECTED_WARNINGS:
                unexpected.append(f"{case}: {w}")
        techniques = [o for o in json.load(open(case))["observations"] if o["kind"] == "technique"]
        if not techniques:
            continue
        for extra in ([], ["--comparison"]):
            data = run(attrib, ["export", case, "--navigator", *extra, "--profiles", pack])
            with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
                json.dump(data, f)
                f.flush()
                layer = Layer()
                layer.from_file(f.name)
            back = layer.to_dict()
            if not back or back.get("name") != data["name"]:
                sys.exit(f"{case}: mitreattack-python could not load the layer {extra}")
            if back["versions"]["layer"] != "4.5" or back["domain"] != "enterprise-attack":
                sys.exit(f"{case}: the layer read back with versions {back['versions']}")
            if len(back["techniques"]) != len(data["techniques"]):
                sys.exit(f"{case}: {len(data['techniques'])} techniques written, {len(back['techniques'])} read back")
            layers += 1
    print(f"stix2-validator: {len(cases)} bundles valid; warnings by code: {dict(sorted(warnings.items()))}")
    print(f"mitreattack-python: {layers} Navigator layers loaded")
    if unexpected:
        sys.exit("unexpected validator warnings:\n" + "\n".join(unexpected[:20]))


if __name__ == "__main__":
    main()
