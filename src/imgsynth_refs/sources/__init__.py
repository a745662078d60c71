"""Online resolvers, one per source, behind :class:`~imgsynth_refs.sources.base.Resolver`."""
