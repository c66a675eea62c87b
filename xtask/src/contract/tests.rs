//! The diff on a small hand-written contract and schema (tests/fixtures/contract.yml).

use super::*;

const CONTRACT: &str = include_str!("../../tests/fixtures/contract.yml");

const FAMILY: &str = r#"
[family]
name = "pets"
api = "v3"
reference = "fixture"
doc = "A fixture."

[[enum]]
name = "Mood"
doc = "Moods."
values = [
  { wire = "calm", doc = "Calm." },
  { wire = "grumpy", doc = "Grumpy." },
]

[[resource]]
name = "Pet"
role = "response"
reference = "fixture"
doc = "A pet."
fields = [
  { json = "pet_id", type = "string", read_only = true, doc = "Id." },
  { json = "name", type = "string", max_len = 40, doc = "Name." },
  { json = "mood", type = "Mood", doc = "Mood." },
]

[[resource]]
name = "PetInput"
role = "request"
reference = "fixture"
doc = "A pet to write."
fields = [
  { json = "name", type = "string", required = true, max_len = 40, doc = "Name." },
  { json = "mood", type = "Mood", doc = "Mood." },
]

[[endpoint]]
name = "get_pet"
method = "GET"
path = "/pets/{pet_id}"
params = { pet_id = "segment" }
query = [
  { name = "limit", type = "integer", min = 1, max = 500, doc = "Per page." },
]
response = "json:Pet"
success = [200]
scopes = ["contact_data"]
reference = "fixture"
doc = "Reads a pet."

[[endpoint]]
name = "put_pet"
method = "PUT"
path = "/pets/{pet_id}"
params = { pet_id = "segment" }
request = "PetInput"
response = "json:Pet"
success = [200]
scopes = ["account_update", "contact_data"]
reference = "fixture"
doc = "Writes a pet."
"#;

fn run(contract: &str, family: &str) -> Vec<String> {
    let sources = vec![codegen::Source {
        path: "schema/v3/pets.toml".to_owned(),
        text: family.to_owned(),
    }];
    let model = match codegen::ir::build(&sources) {
        Ok(m) => m,
        Err(e) => panic!("fixture schema is invalid: {}", codegen::error::join(&e)),
    };
    let doc = match load(contract) {
        Ok(d) => d,
        Err(e) => panic!("fixture contract is invalid: {e}"),
    };
    diff(&doc, &model, &["Pets".to_owned()])
}

#[test]
fn an_agreeing_schema_lists_nothing() {
    assert_eq!(run(CONTRACT, FAMILY), Vec::<String>::new());
}

#[test]
fn every_kind_of_difference_is_one_sorted_line() {
    let family = FAMILY
        .replace(
            r#"{ wire = "grumpy", doc = "Grumpy." },"#,
            r#"{ wire = "sleepy", doc = "Sleepy." },"#,
        )
        .replace(r#"required = true, max_len = 40"#, "max_len = 30")
        .replace("min = 1, max = 500", "min = 1, max = 50")
        .replace(
            "success = [200]\nscopes = [\"account_update\", \"contact_data\"]\nreference = \"fixture\"\ndoc = \"Writes a pet.\"",
            "success = [200, 202]\nscopes = [\"contact_data\"]\nreference = \"fixture\"\ndoc = \"Writes a pet.\"",
        );
    let contract = CONTRACT.replace(r#"tags: ["Toys"]"#, r#"tags: ["Pets"]"#);
    let got = run(&contract, &family);
    let want = vec![
        "GET /pets/{pet_id}/toys: operation listToys (Pets) is missing from the schema",
        "GET /pets/{pet_id}: query limit: range 1..500 in the contract, 1..50 in the schema",
        "GET /pets/{pet_id}: response.mood: enum value \"grumpy\" is missing from the schema",
        "GET /pets/{pet_id}: response.mood: enum value \"sleepy\" is not in the contract",
        "PUT /pets/{pet_id}: body.mood: enum value \"grumpy\" is missing from the schema",
        "PUT /pets/{pet_id}: body.mood: enum value \"sleepy\" is not in the contract",
        "PUT /pets/{pet_id}: body.name: maxLength 40 in the contract, 30 in the schema",
        "PUT /pets/{pet_id}: body.name: required is true in the contract, false in the schema",
        "PUT /pets/{pet_id}: response.mood: enum value \"grumpy\" is missing from the schema",
        "PUT /pets/{pet_id}: response.mood: enum value \"sleepy\" is not in the contract",
        "PUT /pets/{pet_id}: scopes {\"account_update\", \"contact_data\"} in the contract, {\"contact_data\"} in the schema",
        "PUT /pets/{pet_id}: success statuses {200} in the contract, {200, 202} in the schema",
    ];
    assert_eq!(got, want);
}

#[test]
fn extra_fields_and_operations_of_the_schema_are_listed() {
    let family = FAMILY.replace(
        r#"  { json = "mood", type = "Mood", doc = "Mood." },
]

[[resource]]
name = "PetInput""#,
        r#"  { json = "mood", type = "Mood", doc = "Mood." },
  { json = "colour", type = "string", doc = "Not in the contract." },
]

[[resource]]
name = "PetInput""#,
    ) + r#"
[[endpoint]]
name = "delete_pet"
method = "DELETE"
path = "/pets/{pet_id}"
params = { pet_id = "segment" }
response = "empty"
success = [204]
scopes = []
reference = "fixture"
doc = "Not in the contract."
"#;
    let got = run(CONTRACT, &family);
    assert!(
        got.contains(
            &"DELETE /pets/{pet_id}: in the schema but not an operation of the contract".to_owned()
        ),
        "{got:#?}"
    );
    assert!(
        got.contains(
            &"GET /pets/{pet_id}: response.colour: in Pet but not in the contract".to_owned()
        ),
        "{got:#?}"
    );
}

#[test]
fn a_document_that_is_not_swagger_2_is_refused() {
    assert!(load("openapi: 3.0.0\n").is_err());
    assert!(load("{ not yaml").is_err());
}

#[test]
fn a_typed_id_is_compared_by_its_wire_type() {
    let typed = FAMILY
        .replace(
            "[[resource]]\nname = \"Pet\"\n",
            "[[id]]\nname = \"PetId\"\ndoc = \"A pet's id.\"\n\n[[resource]]\nname = \"Pet\"\n",
        )
        .replace(
            r#"{ json = "pet_id", type = "string""#,
            r#"{ json = "pet_id", type = "PetId""#,
        )
        .replace(
            r#"params = { pet_id = "segment" }"#,
            r#"params = { pet_id = "PetId" }"#,
        );
    assert!(typed.contains("type = \"PetId\"") && typed.contains("[[id]]"));
    assert_eq!(run(CONTRACT, &typed), Vec::<String>::new());
    // An integer id where the contract has a string is a difference.
    let integer = typed.replace(
        "name = \"PetId\"\n",
        "name = \"PetId\"\nrepr = \"integer\"\n",
    );
    let got = run(CONTRACT, &integer);
    assert!(
        got.iter()
            .any(|l| l.starts_with("GET /pets/{pet_id}: response.pet_id: type string")),
        "{got:?}"
    );
}
