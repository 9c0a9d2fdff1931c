# No models of its own (tokens are knox's, login attempts axes'); this module exists
# because Django sends post_migrate only to apps with one (see apps.create_cache_table).
