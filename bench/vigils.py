"""The Vigil processes bench/compare.py starts: the plain `vigil` target (--vigil-jar,
--vigil-jvm-opts, --vigil-args) and one per --vigil-variant, each its own JVM on its own port
with the same config, measured as the target `vigil-NAME` (row label "Vigil NAME").

    --vigil-variant NAME:KEY=VALUE[;KEY=VALUE...]

KEY is one of
    jar           the jar to run (default: --vigil-jar)
    jvm-opts      JVM options, replacing the plain Vigil's (--vigil-jvm-opts, or ./vigil's default)
    jvm-opts-add  JVM options appended to the plain Vigil's
    args          Vigil's arguments after `-c FILE`, replacing --vigil-args
A value may contain spaces, ':' and '=' (it is split like a shell would, quotes allowed) but not
';', which separates the keys. A key a variant leaves out takes the plain Vigil's value.
Standard library only.
"""

import os
import re
import shlex

PLAIN = "vigil"
VARIANT_PREFIX = "vigil-"
VARIANT_KEYS = ("jar", "jvm-opts", "jvm-opts-add", "args")
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}"
SYNTAX = "NAME:KEY=VALUE[;KEY=VALUE...] with KEY among %s" % ", ".join(VARIANT_KEYS)


def parse_variant(text):
    """One --vigil-variant value as {"name": NAME, KEY: VALUE, ...}; ValueError says what is
    wrong with it."""
    name, colon, rest = text.partition(":")
    name = name.strip()
    if not colon:
        raise ValueError("%r has no ':' after the name; expected %s" % (text, SYNTAX))
    if not re.fullmatch(NAME_PATTERN, name):
        raise ValueError("%r: the name %r must be 1 to 40 letters, digits, '_', '.' or '-', "
                         "starting with a letter or digit; expected %s" % (text, name, SYNTAX))
    if not rest.strip():
        raise ValueError("%r has no KEY=VALUE after the name; expected %s" % (text, SYNTAX))
    variant = {"name": name}
    for part in rest.split(";"):
        key, equals, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not part.strip():
            raise ValueError("%r: nothing between two ';' or after the last one; expected %s"
                             % (text, SYNTAX))
        if not equals or not key:
            raise ValueError("%r: %r is not KEY=VALUE; expected %s" % (text, part, SYNTAX))
        if key not in VARIANT_KEYS:
            raise ValueError("%r: unknown key %r (expected one of %s)"
                             % (text, key, ", ".join(VARIANT_KEYS)))
        if key in variant:
            raise ValueError("%r: %s given twice" % (text, key))
        try:
            words = shlex.split(value)
        except ValueError as exc:
            raise ValueError("%r: %s=%s: %s" % (text, key, value, exc)) from None
        if key in ("jar", "jvm-opts-add") and not words:
            raise ValueError("%r: %s needs a value" % (text, key))
        if key == "jar":
            if len(words) != 1:
                raise ValueError("%r: jar=%s is not one file name (quote a name with spaces)"
                                 % (text, value))
            value = words[0]
        variant[key] = value
    if "jvm-opts" in variant and "jvm-opts-add" in variant:
        raise ValueError("%r: give jvm-opts (replaces the plain Vigil's JVM options) or "
                         "jvm-opts-add (appends to them), not both" % text)
    return variant


def variant_target(name):
    return VARIANT_PREFIX + name


def is_vigil(target):
    return target == PLAIN or target.startswith(VARIANT_PREFIX)


def target_title(target):
    """"Vigil" for the plain target, "Vigil NAME" for vigil-NAME."""
    return "Vigil" if target == PLAIN else "Vigil " + target[len(VARIANT_PREFIX):]


def check_variant_names(variants):
    """Error message if two variants share a name, else None."""
    names = [variant["name"] for variant in variants]
    twice = sorted({name for name in names if names.count(name) > 1})
    return "--vigil-variant: the name %s is used twice" % ", ".join(twice) if twice else None


def vigil_specs(args):
    """The Vigil processes to start, the plain one first (if it is a target), then the variants
    in the order given: target, name (None for the plain one), jar, jvm_opts, args. ValueError
    when options or arguments do not split like a shell's (an unbalanced quote)."""
    specs = []
    if PLAIN in args.targets:
        specs.append({"target": PLAIN, "name": None, "jar": args.vigil_jar,
                      "jvm_opts": args.vigil_jvm_opts, "args": args.vigil_args})
    for variant in args.vigil_variant:
        jvm_opts = variant.get("jvm-opts", args.vigil_jvm_opts)
        if "jvm-opts-add" in variant:
            jvm_opts = (jvm_opts + " " + variant["jvm-opts-add"]).strip()
        specs.append({"target": variant_target(variant["name"]), "name": variant["name"],
                      "jar": os.path.abspath(variant.get("jar", args.vigil_jar)),
                      "jvm_opts": jvm_opts, "args": variant.get("args", args.vigil_args)})
    for spec in specs:
        for key, option in (("jvm_opts", "--vigil-jvm-opts"), ("args", "--vigil-args")):
            try:
                shlex.split(spec[key])
            except ValueError as exc:
                raise ValueError("%s of %s: %s: %s" % (option if spec["name"] is None else key,
                                                       spec["target"], spec[key], exc)) from None
    return specs


def vigil_argv(spec, conf):
    """java <JVM options> -jar <jar> -c <conf> <Vigil's arguments>."""
    return (["java"] + shlex.split(spec["jvm_opts"]) + ["-jar", spec["jar"], "-c", conf]
            + shlex.split(spec["args"]))
