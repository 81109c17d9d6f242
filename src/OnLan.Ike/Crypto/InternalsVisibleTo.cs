using System.Runtime.CompilerServices;

// Known-answer tests import fixed private keys (RFC 5903, RFC 7748) through internal constructors.
// InternalsVisibleTo allows repeats, so this stays harmless if the project file declares it too.
[assembly: InternalsVisibleTo("OnLan.Ike.Tests")]
