namespace OnLan.Cli.Statements;

/// <summary>What the next word of a statement path must be.</summary>
public enum SchemaExpectation
{
    /// <summary>A keyword among the node's children.</summary>
    Child,

    /// <summary>The name that follows a tag's keyword.</summary>
    Name,

    /// <summary>Value number <see cref="SchemaPath.ValueIndex"/> of a leaf.</summary>
    Value,

    /// <summary>Nothing: the leaf has all its values.</summary>
    End,
}
