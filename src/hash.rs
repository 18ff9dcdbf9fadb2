//! The hash map of the hot paths: author names, comment ids and name forms
//! are looked up once or more per comment. foldhash is several times faster
//! than the standard SipHash on short keys and is seeded per process, so
//! names chosen to collide cannot be prepared in advance.

/// A hash map with foldhash's per-process random seed.
pub(crate) type Map<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with foldhash's per-process random seed.
pub(crate) type Set<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;
