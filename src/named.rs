//! Enums whose every variant has a name, the same in cop's files, on the command line and in
//! output (`active`, `monthly`, `min-members`): one declaration gives the enum, its serde and
//! schema names, `ALL`, `as_str`, `parse`, `Display`, the loader's [`Named`](crate::read::Named)
//! and clap's `ValueEnum`, so that no list of names is written twice.

/// `named! { /// doc  #[derive(...)] pub enum Status { Active = "active", ... } }`: the
/// enum must derive serde's `Serialize` and `Deserialize` (each variant is renamed to its name).
macro_rules! named {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $($(#[$variant_meta])* #[serde(rename = $text)] $variant,)*
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: [$name; [$($text),*].len()] = [$($name::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|v| v.as_str() == text)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::read::Named for $name {
            const ALL: &'static [Self] = &$name::ALL;
            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [Self] {
                &$name::ALL
            }

            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.as_str()))
            }
        }
    };
}

pub(crate) use named;

#[cfg(test)]
mod tests {
    use crate::community::{Cadence, EventKind, Status, Weekday};
    use crate::finding::{RuleId, Severity};

    /// serde, the schema and `as_str` agree on every name, and `parse` reads it back.
    fn names_agree<T>(all: &[T], as_str: fn(&T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: serde::Serialize + PartialEq + std::fmt::Debug,
    {
        for value in all {
            let name = as_str(value);
            assert_eq!(serde_json::to_value(value).unwrap(), name, "{value:?}");
            assert_eq!(parse(name).as_ref(), Some(value));
        }
    }

    #[test]
    fn every_name_is_the_same_everywhere() {
        names_agree(&Status::ALL, |v| v.as_str(), Status::parse);
        names_agree(&Cadence::ALL, |v| v.as_str(), Cadence::parse);
        names_agree(&Weekday::ALL, |v| v.as_str(), Weekday::parse);
        names_agree(&EventKind::ALL, |v| v.as_str(), EventKind::parse);
        names_agree(&RuleId::ALL, |v| v.as_str(), RuleId::parse);
        names_agree(&Severity::ALL, |v| v.as_str(), Severity::parse);
        assert_eq!(RuleId::ALL.len(), 21);
        assert_eq!(RuleId::parse("min-member"), None);
    }
}
