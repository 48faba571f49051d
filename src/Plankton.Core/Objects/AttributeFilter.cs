using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects;

/// <summary>
/// One attribute test of an object listing, on a key of the listing's metadata domain: <c>key</c>, <c>!key</c>,
/// <c>key = v</c>, <c>key != v</c>, <c>key &lt; v</c>, <c>key &lt;= v</c>, <c>key &gt; v</c> or <c>key &gt;= v</c>.
/// </summary>
/// <remarks>
/// Values are compared as text, ordinally (not as numbers); a comparison needs the key to exist, so <c>key != v</c>
/// does not match an object without the key. Immutable and thread-safe.
/// </remarks>
public sealed class AttributeFilter
{
    // Longest first, so that "<=" is not read as "<" followed by "=".
    private static readonly (string Text, AttributeFilterOperator Operator)[] s_operators =
    [
        ("!=", AttributeFilterOperator.NotEqual),
        ("<=", AttributeFilterOperator.LessThanOrEqual),
        (">=", AttributeFilterOperator.GreaterThanOrEqual),
        ("=", AttributeFilterOperator.Equal),
        ("<", AttributeFilterOperator.LessThan),
        (">", AttributeFilterOperator.GreaterThan),
    ];

    /// <summary>Initializes a new instance of the <see cref="AttributeFilter"/> class.</summary>
    /// <param name="key">The metadata key.</param>
    /// <param name="operator">The test.</param>
    /// <param name="value">The value to compare with; <see langword="null"/> for <see cref="AttributeFilterOperator.Exists"/> and <see cref="AttributeFilterOperator.NotExists"/>, required (non-empty) otherwise.</param>
    /// <exception cref="InvalidObjectNameException">The key or the value is not a valid metadata key or value.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="operator"/> is not defined.</exception>
    /// <exception cref="ArgumentException">A value is missing for a comparison, or given for an existence test.</exception>
    public AttributeFilter(string key, AttributeFilterOperator @operator, string? value = null)
    {
        if (!Enum.IsDefined(@operator))
        {
            throw new ArgumentOutOfRangeException(nameof(@operator), @operator, "The filter operator is not defined.");
        }

        bool needsValue = @operator is not (AttributeFilterOperator.Exists or AttributeFilterOperator.NotExists);
        if (needsValue && string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"The filter on key '{key}' compares with a value, but none was given.", nameof(value));
        }

        if (!needsValue && value is not null)
        {
            throw new ArgumentException($"The existence filter on key '{key}' takes no value.", nameof(value));
        }

        ObjectNames.ValidateMetadata(new Dictionary<string, string>(StringComparer.Ordinal) { [key ?? string.Empty] = value ?? string.Empty });
        Key = key!;
        Operator = @operator;
        Value = value;
    }

    /// <summary>Gets the metadata key tested.</summary>
    public string Key { get; }

    /// <summary>Gets the test.</summary>
    public AttributeFilterOperator Operator { get; }

    /// <summary>Gets the value compared with, or <see langword="null"/> for an existence test.</summary>
    public string? Value { get; }

    /// <summary>
    /// Parses a filter expression: <c>key</c>, <c>!key</c>, or <c>key OP value</c> with OP one of
    /// <c>= != &lt; &lt;= &gt; &gt;=</c>. Spaces around the key, operator and value are ignored; the value may contain
    /// spaces (<c>name = my disk</c>). The key is what comes before the first operator.
    /// </summary>
    /// <param name="expression">The expression.</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="expression"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The expression is empty, has no key, or has an operator without a value; the message quotes it.</exception>
    /// <exception cref="InvalidObjectNameException">The key or value is not valid (a control character, too long); the reason quotes the expression.</exception>
    public static AttributeFilter Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        string text = expression.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("A filter expression is empty.", nameof(expression));
        }

        string key;
        AttributeFilterOperator op;
        string? value = null;
        (int index, string opText, AttributeFilterOperator found) = FindOperator(text);
        if (index >= 0)
        {
            key = text[..index].Trim();
            value = text[(index + opText.Length)..].Trim();
            op = found;
            if (key.StartsWith('!'))
            {
                throw new ArgumentException($"The filter expression '{expression}' negates a comparison; use '!key' alone or the operator '!='.", nameof(expression));
            }

            if (value.Length == 0)
            {
                throw new ArgumentException($"The filter expression '{expression}' has the operator '{opText}' but no value.", nameof(expression));
            }
        }
        else if (text[0] == '!')
        {
            key = text[1..].Trim();
            op = AttributeFilterOperator.NotExists;
        }
        else
        {
            key = text;
            op = AttributeFilterOperator.Exists;
        }

        if (key.Length == 0)
        {
            throw new ArgumentException($"The filter expression '{expression}' has no key.", nameof(expression));
        }

        try
        {
            return new AttributeFilter(key, op, value);
        }
        catch (InvalidObjectNameException ex)
        {
            throw new InvalidObjectNameException(ex.What ?? "filter", ex.Name, $"{ex.Reason} (in the filter expression '{expression}')");
        }
    }

    /// <summary>Returns the filter as an expression that <see cref="Parse"/> reads back.</summary>
    /// <returns>The expression.</returns>
    public override string ToString() => Operator switch
    {
        AttributeFilterOperator.Exists => Key,
        AttributeFilterOperator.NotExists => "!" + Key,
        _ => $"{Key} {s_operators.First(o => o.Operator == Operator).Text} {Value}",
    };

    private static (int Index, string Text, AttributeFilterOperator Operator) FindOperator(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            foreach ((string opText, AttributeFilterOperator op) in s_operators)
            {
                if (text.AsSpan(i).StartsWith(opText, StringComparison.Ordinal))
                {
                    return (i, opText, op);
                }
            }
        }

        return (-1, string.Empty, AttributeFilterOperator.Exists);
    }
}
