//! Reading a YAML tree into cop's typed model in one walk that collects every problem of the
//! file (unknown keys with the nearest known key, repeated keys, wrong types, bad values), each
//! at its place, and keeps every field it could read. The fields of a mapping are declared once,
//! with [`fields!`]: the struct, its list of keys and its reader come from that one declaration.

use crate::span::{Node, Pos};
use crate::suggest::nearest;
use crate::tree::{Value, Yaml};

/// One problem found by the walk: a parse-error finding to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub pos: Pos,
    pub message: String,
    pub label: String,
    pub help: Option<String>,
}

/// A step of the path from the file's root to a node: a key or a list index.
#[derive(Debug, Clone, Copy)]
enum Step {
    Key(&'static str),
    Index(usize),
}

/// The walk's state: the problems so far, the path to the node being read, and the key paths
/// (`members`, `meeting.cadence`) that a problem accounts for.
#[derive(Debug, Default)]
pub struct Cx {
    pub problems: Vec<Problem>,
    /// Key paths (list indexes left out) whose absence or content a problem already explains:
    /// present with a value that could not be read, or the nearest key to an unknown one.
    pub accounted: Vec<String>,
    path: Vec<Step>,
}

/// A type that can be read from a node of the tree.
pub trait Read: Sized {
    /// Reads `node`, whose key stands at `key`; `None` (with a problem recorded) when it cannot.
    fn read(node: Yaml, key: Pos, cx: &mut Cx) -> Option<Self>;

    /// The value of a key that is absent: `None` when the key is required.
    fn absent() -> Option<Self> {
        None
    }
}

/// A check of a field's value beyond its type (a waiver's rule id): false, with a problem
/// recorded, when the value is not acceptable.
pub type FieldCheck<T> = fn(&T, &mut Cx) -> bool;

/// The check of a field declared without one.
pub fn accept<T>(_: &T, _: &mut Cx) -> bool {
    true
}

/// What the walk found for one key of a mapping.
pub enum Slot<T> {
    Absent,
    /// Read; the key's position, to name it when the key is repeated.
    Got(T, Pos),
    /// Present, but the value could not be read (a problem says why).
    Bad(Pos),
}

impl Cx {
    /// The path to the current node, as a reader writes it: `meeting.week`, `topics[1]`.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(k) if out.is_empty() => out.push_str(k),
                Step::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    /// The current path's keys only: `events.date` for `events[2].date`.
    fn key_path(&self, last: Option<&str>) -> String {
        let keys = self.path.iter().filter_map(|s| match s {
            Step::Key(k) => Some(*k),
            Step::Index(_) => None,
        });
        keys.chain(last).collect::<Vec<_>>().join(".")
    }

    fn account(&mut self, path: String) {
        if !self.accounted.contains(&path) {
            self.accounted.push(path);
        }
    }

    pub fn problem(
        &mut self,
        pos: Pos,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        self.problems.push(Problem {
            pos,
            message: message.into(),
            label: label.into(),
            help,
        });
    }

    /// How a message names the current node: "`meeting.week`", or "the file" at the root.
    fn subject(&self) -> String {
        match self.path() {
            path if path.is_empty() => "the file".into(),
            path => format!("`{path}`"),
        }
    }

    /// The node is not what the current path holds: "`subject` must be text, not the number 1".
    pub fn wrong(&mut self, node: &Yaml, expected: &str, help: Option<String>) {
        let message = format!(
            "{} must be {expected}, not {}",
            self.subject(),
            node.value.describe()
        );
        let label = format!("expected {}", short(expected));
        self.problem(node.at, message, label, help);
        self.account(self.key_path(None));
    }

    /// Reads the value of key `name` into `slot` and checks it, reporting a repeated key.
    pub fn field<T: Read>(
        &mut self,
        slot: &mut Slot<T>,
        name: &'static str,
        key: Pos,
        value: Yaml,
        check: FieldCheck<T>,
    ) {
        if let Slot::Got(_, first) | Slot::Bad(first) = slot {
            let message = format!("duplicate key `{name}`");
            let help = format!(
                "`{name}` is already set on line {}; keep one of them",
                first.line
            );
            self.problem(key, message, "duplicate key", Some(help));
            self.account(self.key_path(Some(name)));
            return;
        }
        self.path.push(Step::Key(name));
        let read = T::read(value, key, self).filter(|v| check(v, self));
        self.path.pop();
        *slot = match read {
            Some(value) => Slot::Got(value, key),
            None => Slot::Bad(key),
        };
    }

    /// The value of key `name` once the whole mapping is read: a missing required key is a
    /// problem at the mapping.
    pub fn finish<T: Read>(&mut self, slot: Slot<T>, name: &'static str, at: Pos) -> Option<T> {
        match slot {
            Slot::Got(value, _) => Some(value),
            Slot::Bad(_) => T::absent(),
            Slot::Absent => T::absent().or_else(|| {
                let message = format!("{} has no `{name}`", self.subject());
                self.problem(
                    at,
                    message,
                    format!("`{name}` is required"),
                    Some(format!("add `{name}:`")),
                );
                self.account(self.key_path(Some(name)));
                None
            }),
        }
    }

    /// The entries of a mapping node; anything else is a problem.
    pub fn mapping(
        &mut self,
        node: Yaml,
        what: &str,
        keys: &[&str],
    ) -> Option<(Pos, Vec<(Yaml, Yaml)>)> {
        match node.value {
            Value::Map(entries) => Some((node.at, entries)),
            _ => {
                let help = format!(
                    "write it as `key: value` lines; the keys are: {}",
                    keys.join(", ")
                );
                self.wrong(&node, what, Some(help));
                None
            }
        }
    }

    /// The text of a key; a key that is not text is a problem.
    pub fn key_name<'k>(&mut self, key: &'k Yaml) -> Option<&'k str> {
        match &key.value {
            Value::Str(name) => Some(name),
            other => {
                let message = format!("a key must be text, not {}", other.describe());
                self.problem(key.at, message, "not a key", None);
                None
            }
        }
    }

    /// An unknown key, with the nearest known one when one is close.
    pub fn unknown_key(&mut self, name: &str, at: Pos, known: &[&str]) {
        let message = match self.path() {
            path if path.is_empty() => format!("unknown key `{name}`"),
            path => format!("unknown key `{name}` in `{path}`"),
        };
        let help = match nearest(name, known.iter().copied()) {
            Some(near) => {
                self.account(self.key_path(Some(near)));
                format!("did you mean `{near}`?")
            }
            None => format!("the known keys here are: {}", known.join(", ")),
        };
        let at = Pos {
            len: name.chars().count() as u32,
            ..at
        };
        self.problem(at, message, "unknown key", Some(help));
    }

    /// Records a problem about the current node, whose message starts with its path.
    pub fn bad_value(
        &mut self,
        pos: Pos,
        message: impl FnOnce(&str) -> String,
        label: &str,
        help: Option<String>,
    ) {
        let message = message(&self.subject());
        self.problem(pos, message, label, help);
        self.account(self.key_path(None));
    }
}

/// The part of an expectation under the caret: what follows " (" or ", such as" is cut.
fn short(expected: &str) -> &str {
    let end = [" (", ", such as"]
        .iter()
        .filter_map(|cut| expected.find(cut))
        .min()
        .unwrap_or(expected.len());
    &expected[..end]
}

impl<T: Read> Read for Option<T> {
    /// `key:` with no value (null) reads as an absent key, as a person writing it means.
    fn read(node: Yaml, key: Pos, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Value::Null => Some(None),
            _ => T::read(node, key, cx).map(Some),
        }
    }

    fn absent() -> Option<Self> {
        Some(None)
    }
}

impl<T: Read> Read for Node<T> {
    fn read(node: Yaml, key: Pos, cx: &mut Cx) -> Option<Self> {
        let at = node.at;
        T::read(node, key, cx).map(|value| Node::new(value, key, at))
    }
}

impl<T: Read> Read for Vec<T> {
    /// Every item that can be read; each one that cannot is a problem of its own.
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        let items = match node.value {
            Value::Seq(items) => items,
            _ => {
                let help = match node.value.scalar_text() {
                    Some(text) => format!("write a list, even of one: [{text:?}]"),
                    None => "write a list: `[a, b]`, or one `- item` per line".into(),
                };
                cx.wrong(&node, "a list", Some(help));
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            cx.path.push(Step::Index(i));
            let at = item.at;
            if let Some(value) = T::read(item, at, cx) {
                out.push(value);
            }
            cx.path.pop();
        }
        Some(out)
    }
}

/// A list that will not grow, read as a `Vec` is, without the room to grow: 8 bytes less in
/// each of a community's seven lists.
impl<T: Read> Read for Box<[T]> {
    fn read(node: Yaml, key: Pos, cx: &mut Cx) -> Option<Self> {
        Vec::read(node, key, cx).map(Vec::into_boxed_slice)
    }
}

impl Read for crate::scalar::Text {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        match node.value {
            Value::Str(text) => Some(text),
            _ => {
                let help = node
                    .value
                    .scalar_text()
                    .map(|text| format!("put it in quotes to make it text: \"{text}\""));
                cx.wrong(&node, "text", help);
                None
            }
        }
    }
}

impl Read for String {
    fn read(node: Yaml, key: Pos, cx: &mut Cx) -> Option<Self> {
        crate::scalar::Text::read(node, key, cx).map(String::from)
    }
}

/// A whole number: an integer, or a float without a fraction (as JSON Schema's `integer`).
/// Quoted digits are a problem whose help says to drop the quotes.
pub fn read_int(node: &Yaml, expected: &str, cx: &mut Cx) -> Option<i128> {
    match &node.value {
        Value::Int(n) => Some(*n),
        Value::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => Some(*x as i128),
        Value::Str(text) if text.trim().parse::<i64>().is_ok() => {
            let help = format!("remove the quotes: {}", text.trim());
            cx.wrong(node, expected, Some(help));
            None
        }
        _ => {
            cx.wrong(node, expected, None);
            None
        }
    }
}

impl Read for u32 {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        const EXPECTED: &str = "a whole number, 0 or more";
        let n = u32::try_from(read_int(&node, EXPECTED, cx)?).ok();
        if n.is_none() {
            cx.wrong(&node, EXPECTED, None);
        }
        n
    }
}

/// A mapping whose keys are names (`severity:` by rule id), each key once.
impl<K: Named + Ord, V: Read> Read for std::collections::BTreeMap<K, V> {
    fn read(node: Yaml, _key: Pos, cx: &mut Cx) -> Option<Self> {
        let names: Vec<&str> = K::ALL.iter().map(|k| k.name()).collect();
        let (_, entries) = cx.mapping(node, "a mapping", &names)?;
        let mut out = std::collections::BTreeMap::new();
        for (key, value) in entries {
            let Some(name) = cx.key_name(&key) else {
                continue;
            };
            let Some(k) = K::ALL.iter().find(|k| k.name() == name) else {
                cx.unknown_key(name, key.at, &names);
                continue;
            };
            if out.contains_key(k) {
                let message = format!("duplicate key `{name}`");
                cx.problem(
                    key.at,
                    message,
                    "duplicate key",
                    Some("keep one of them".into()),
                );
                continue;
            }
            cx.path.push(Step::Key(k.name()));
            if let Some(v) = V::read(value, key.at, cx) {
                out.insert(*k, v);
            }
            cx.path.pop();
        }
        Some(out)
    }
}

/// An enum written as one of its names (`status: active`).
pub trait Named: Copy + 'static {
    const ALL: &'static [Self];
    fn name(self) -> &'static str;
}

/// Reads a [`Named`] value, suggesting the nearest name for a typo.
pub fn read_named<T: Named>(node: Yaml, cx: &mut Cx) -> Option<T> {
    if let Value::Str(text) = &node.value
        && let Some(value) = T::ALL.iter().find(|v| v.name() == text)
    {
        return Some(*value);
    }
    let names: Vec<&str> = T::ALL.iter().map(|v| v.name()).collect();
    let expected = format!("one of {}", names.join(", "));
    let Value::Str(text) = &node.value else {
        cx.wrong(&node, &expected, None);
        return None;
    };
    let help = nearest(text, names.iter().copied()).map(|near| format!("did you mean `{near}`?"));
    let message = format!("{} must be {expected}, not `{text}`", cx.subject());
    let label = match cx.path.iter().rev().find_map(|s| match s {
        Step::Key(k) => Some(*k),
        Step::Index(_) => None,
    }) {
        Some(key) => format!("not a {key}"),
        None => "unknown value".into(),
    };
    cx.problem(node.at, message, label, help);
    cx.account(cx.key_path(None));
    None
}

/// Declares a mapping of a cop file once: the struct with its doc comments and attributes,
/// `KEYS` (every key, in the order of the file format) and its [`Read`] implementation, which
/// reports unknown, repeated and missing required keys. A field typed `Option<_>` is optional;
/// any other is required. `=> check` after a field's type names a [`FieldCheck`] of its value.
macro_rules! fields {
    (@check) => { $crate::read::accept };
    (@check $check:path) => { $check };
    // Reads the entries of a mapping into one slot per field; then `$finish` makes the value.
    (@read $name:ident $what:literal [$($field:ident : $ty:ty $(=> $check:path)?),*] $finish:expr) => {
        impl $name {
            /// Every key of this mapping, in the order of the file format.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
        }

        impl $crate::read::Read for $name {
            fn read(
                node: $crate::tree::Yaml,
                _key: $crate::span::Pos,
                cx: &mut $crate::read::Cx,
            ) -> Option<Self> {
                let (at, entries) = cx.mapping(node, $what, Self::KEYS)?;
                $( let mut $field: $crate::read::Slot<$ty> = $crate::read::Slot::Absent; )*
                for (key, value) in entries {
                    let Some(name) = cx.key_name(&key) else { continue };
                    match name {
                        $( stringify!($field) => cx.field(
                            &mut $field,
                            stringify!($field),
                            key.at,
                            value,
                            $crate::read::fields!(@check $($check)?),
                        ), )*
                        other => cx.unknown_key(other, key.at, Self::KEYS),
                    }
                }
                let finish: fn(&mut $crate::read::Cx, $crate::span::Pos, ($($crate::read::Slot<$ty>,)*)) -> Option<Self> = $finish;
                finish(cx, at, ($($field,)*))
            }
        }
    };
    // Every field optional or required by its type (`Option<_>` is optional).
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($what:literal) {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident : $ty:ty $(=> $check:path)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        $crate::read::fields!(@read $name $what [$($field : $ty $(=> $check)?),*]
            |cx, at, ($($field,)*)| {
                $( let $field = cx.finish($field, stringify!($field), at); )*
                Some($name { $( $field: $field?, )* })
            });
    };
    // Every field optional, an absent or unreadable one taking its value from `Default`.
    (
        $(#[$meta:meta])*
        pub struct $name:ident ($what:literal) defaults {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident : $ty:ty $(=> $check:path)?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        $crate::read::fields!(@read $name $what [$($field : $ty $(=> $check)?),*]
            |_, _, ($($field,)*)| {
                let defaults = <$name as Default>::default();
                Some($name { $( $field: match $field {
                    $crate::read::Slot::Got(value, _) => value,
                    _ => defaults.$field,
                }, )* })
            });
    };
}

pub(crate) use fields;

/// The enums read by name (declared with [`named!`](crate::named::named)), with the nearest
/// name suggested for a typo.
macro_rules! read_by_name {
    ($($t:ty),*) => {$(
        impl $crate::read::Read for $t {
            fn read(
                node: $crate::tree::Yaml,
                _key: $crate::span::Pos,
                cx: &mut $crate::read::Cx,
            ) -> Option<Self> {
                $crate::read::read_named(node, cx)
            }
        }
    )*};
}

pub(crate) use read_by_name;
