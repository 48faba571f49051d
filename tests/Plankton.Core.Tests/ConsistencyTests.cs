using System.Reflection;
using System.Runtime.CompilerServices;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.S3;

namespace Plankton.Core.Tests;

/// <summary>Reflection checks that hold the public API to the house rules as it grows.</summary>
public sealed class ConsistencyTests
{
    // Every shipped package: Plankton.Core, Plankton.Core.S3 and Plankton.Core.PostgreSql.
    private static readonly Type[] s_publicTypes =
        [.. typeof(BlockHash).Assembly.GetExportedTypes(), .. typeof(S3BlockStore).Assembly.GetExportedTypes(), .. typeof(Plankton.Core.PostgreSql.PostgreSqlObjectStore).Assembly.GetExportedTypes()];

    private static IEnumerable<Type> ExceptionTypes() =>
        s_publicTypes.Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract);

    [Test]
    public void PublicExceptions_DeriveFromPlanktonException()
    {
        ExceptionTypes().Should().NotBeEmpty().And.OnlyContain(t => t.IsSubclassOf(typeof(PlanktonException)));
    }

    [Test]
    public void PublicExceptions_AreSealedAndHaveTheStandardConstructors()
    {
        foreach (Type type in ExceptionTypes())
        {
            type.IsSealed.Should().BeTrue($"{type.Name} is a leaf exception");
            var plain = (Exception)Activator.CreateInstance(type)!;
            var withMessage = (Exception)Activator.CreateInstance(type, "message")!;
            var inner = new InvalidOperationException("inner");
            var withInner = (Exception)Activator.CreateInstance(type, "outer", inner)!;

            plain.Message.Should().NotBeNullOrWhiteSpace($"{type.Name} has a default message");
            withMessage.Message.Should().Be("message");
            withInner.Message.Should().Be("outer");
            withInner.InnerException.Should().BeSameAs(inner);
        }
    }

    [Test]
    public void PublicAsyncMethods_TakeACancellationTokenLast()
    {
        var offenders = new List<string>();
        foreach (Type type in s_publicTypes)
        {
            foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (method.IsSpecialName || !IsAsync(method.ReturnType) || method.Name is "DisposeAsync")
                {
                    continue;
                }

                ParameterInfo[] parameters = method.GetParameters();
                if (parameters.Length == 0 || parameters[^1].ParameterType != typeof(CancellationToken))
                {
                    offenders.Add($"{type.Name}.{method.Name}");
                }
            }
        }

        offenders.Should().BeEmpty();
    }

    [Test]
    public void PublicClasses_AreSealedStaticOrAbstract()
    {
        s_publicTypes
            .Where(t => t.IsClass && !t.IsSealed && !t.IsAbstract && !t.IsDefined(typeof(CompilerGeneratedAttribute)))
            .Select(t => t.FullName)
            .Should().BeEmpty("classes not designed for inheritance are sealed");
    }

    private static bool IsAsync(Type type) =>
        type == typeof(Task) || type == typeof(ValueTask)
        || (type.IsGenericType && type.GetGenericTypeDefinition() is var d
            && (d == typeof(Task<>) || d == typeof(ValueTask<>) || d == typeof(IAsyncEnumerable<>)));
}
