"""Rule packs: load, validate and merge YAML packs; rule listings and the generated reference."""
