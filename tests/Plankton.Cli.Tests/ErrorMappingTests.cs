using Plankton.Core.Exceptions;

namespace Plankton.Cli.Tests;

public sealed class ErrorMappingTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(new ImageNotFoundException("x"), 3);
        yield return new TestCaseData(new ObjectNotFoundException("x"), 3);
        yield return new TestCaseData(new BlockNotFoundException("x"), 3);
        yield return new TestCaseData(new FileNotFoundException("x"), 3);
        yield return new TestCaseData(new NotAllowedException("x"), 4);
        yield return new TestCaseData(new QuotaExceededException("x"), 4);
        yield return new TestCaseData(new ImageValidationException("x"), 5);
        yield return new TestCaseData(new InvalidObjectNameException("x"), 5);
        yield return new TestCaseData(new StoreConfigurationException("x"), 5);
        yield return new TestCaseData(new ArgumentOutOfRangeException("offset"), 5);
        yield return new TestCaseData(new BlockIntegrityException("x"), 6);
        yield return new TestCaseData(new MissingBlocksException("x"), 6);
        yield return new TestCaseData(new ImageConflictException("x"), 7);
        yield return new TestCaseData(new ObjectConflictException("x"), 7);
        yield return new TestCaseData(new IOException("x"), 8);
        yield return new TestCaseData(new OperationCanceledException(), 130);
        yield return new TestCaseData(new TaskCanceledException(), 130);
        yield return new TestCaseData(new InvalidOperationException("x"), 1);
    }

    [TestCaseSource(nameof(Cases))]
    public void ExitCodeFor_MapsEachKind(Exception error, int code) => ErrorMapping.ExitCodeFor(error).Should().Be(code);

    [Test]
    public void MessageFor_Cancelled_IsShort() => ErrorMapping.MessageFor(new OperationCanceledException()).Should().Be("cancelled");
}
