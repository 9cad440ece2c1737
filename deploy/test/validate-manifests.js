// Validates every document of every *.yaml file in a folder against the Kubernetes API schema
// of its apiVersion and kind (the npm package kubernetes-models: types, required fields, enums;
// it does not reject unknown fields). Prints "ok KIND/NAME (file)" per document; exits 1 with
// the schema's error for the first bad one, or when a kind has no schema.
//   node validate-manifests.js DIR
"use strict";
const fs = require("fs");
const path = require("path");
const yaml = require("js-yaml");

const dir = process.argv[2];
if (!dir) {
    console.error("usage: node validate-manifests.js DIR");
    process.exit(2);
}

/** apps/v1 + Deployment -> kubernetes-models/apps/v1/Deployment; v1 + Service -> kubernetes-models/v1/Service */
function model(apiVersion, kind) {
    try {
        return require(`kubernetes-models/${apiVersion}/${kind}`)[kind];
    } catch (e) {
        return null;
    }
}

let count = 0;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
    const docs = yaml.loadAll(fs.readFileSync(path.join(dir, file), "utf8")).filter((d) => d != null);
    for (const doc of docs) {
        const name = `${doc.kind}/${doc.metadata && doc.metadata.name} (${file})`;
        const Model = model(doc.apiVersion, doc.kind);
        if (!Model) {
            console.error(`no schema for apiVersion ${doc.apiVersion} kind ${doc.kind}: ${name}`);
            process.exit(1);
        }
        try {
            new Model(doc).validate();
        } catch (e) {
            console.error(`invalid ${name}: ${e.message}`);
            process.exit(1);
        }
        console.log(`ok ${name}`);
        count++;
    }
}
if (count === 0) {
    console.error(`no manifests in ${dir}`);
    process.exit(1);
}
