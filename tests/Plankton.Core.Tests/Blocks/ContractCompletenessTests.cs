namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// Guards the contract suites themselves: a contract that only one implementation runs proves little, and a fixture
/// that is not a sealed <c>[TestFixture]</c> may silently not run or be extended by accident.
/// </summary>
public sealed class ContractCompletenessTests
{
    private const string ContractSuffix = "ContractTests";

    [Test]
    public void ContractBases_InTestAssembly_IncludeTheBlockStoreContract()
    {
        ContractBases().Should().Contain(typeof(BlockStoreContractTests));
    }

    [Test]
    public void ContractBases_EachOne_HasAtLeastTwoConcreteFixtures()
    {
        var lacking = ContractBases()
            .Select(b => (Base: b, Fixtures: ConcreteFixtures(b).ToList()))
            .Where(x => x.Fixtures.Count < 2)
            .Select(x => $"{x.Base.Name} ({x.Fixtures.Count}: {string.Join(", ", x.Fixtures.Select(f => f.Name))})")
            .ToList();

        lacking.Should().BeEmpty("every abstract *{0} class needs at least two concrete [TestFixture] subclasses", ContractSuffix);
    }

    [Test]
    public void ContractFixtures_EachOne_IsSealedAndMarkedAsTestFixture()
    {
        var wrong = ContractBases()
            .SelectMany(b => typeof(ContractCompletenessTests).Assembly.GetTypes().Where(t => !t.IsAbstract && t.IsSubclassOf(b)))
            .Where(t => !t.IsSealed || !IsMarkedFixture(t))
            .Select(t => t.Name)
            .ToList();

        wrong.Should().BeEmpty("concrete contract fixtures are sealed and carry [TestFixture]");
    }

    private static IEnumerable<Type> ContractBases() =>
        typeof(ContractCompletenessTests).Assembly.GetTypes()
            .Where(t => t.IsClass && t.IsAbstract && !t.IsSealed && t.Name.EndsWith(ContractSuffix, StringComparison.Ordinal));

    private static IEnumerable<Type> ConcreteFixtures(Type contractBase) =>
        typeof(ContractCompletenessTests).Assembly.GetTypes()
            .Where(t => t.IsClass && !t.IsAbstract && t.IsSubclassOf(contractBase) && IsMarkedFixture(t));

    private static bool IsMarkedFixture(Type type) => type.GetCustomAttributes(typeof(TestFixtureAttribute), inherit: false).Length > 0;
}
