//! `cop schema`: the JSON Schema (draft-07) of `community.yaml` or `cop.yaml`, generated from the
//! same Rust types cop reads them into, so the schema cannot drift from what cop accepts.

use std::process::ExitCode;

use anyhow::Result;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema};

use crate::cli::{SchemaArgs, SchemaKind};
use crate::community::Community;
use crate::config::Config;
use crate::report::write_stdout;

pub fn run(args: SchemaArgs) -> Result<ExitCode> {
    let schema = schema(args.kind);
    write_stdout(&format!("{:#}\n", schema.as_value()))?;
    Ok(ExitCode::SUCCESS)
}

/// The schema of one file kind.
pub fn schema(kind: SchemaKind) -> Schema {
    match kind {
        SchemaKind::Community => draft07::<Community>(),
        SchemaKind::Config => draft07::<Config>(),
    }
}

/// The root may also be null: an empty file (or one of only comments) is a YAML null, and cop
/// reads it as every default (SPEC §3).
fn draft07<T: JsonSchema>() -> Schema {
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("type".into(), serde_json::json!(["object", "null"]));
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn community_schema_is_closed_and_optional() {
        let schema = schema(SchemaKind::Community);
        let value = schema.as_value();
        assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(value["additionalProperties"], false);
        assert!(value.get("required").is_none(), "{value:#}");
        assert_eq!(value["type"], serde_json::json!(["object", "null"]));
    }
}
