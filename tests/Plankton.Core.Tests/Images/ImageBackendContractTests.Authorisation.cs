using Plankton.Core.Exceptions;
using Plankton.Core.Images;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// The authorisation table: every role (owner, member by status, stranger, anonymous) × every visibility × every
/// operation of <see cref="IImageBackend"/>, each against the outcome the access rules give.
/// </summary>
public abstract partial class ImageBackendContractTests
{
    private const string PendingMember = "dave";
    private const string RejectedMember = "erin";

    private enum Outcome
    {
        Ok,
        NotFound,
        NotAllowed,
        Conflict,
    }

    public static IEnumerable<TestCaseData> RolesAndVisibilities() =>
        from role in new[] { Owner, Member, PendingMember, RejectedMember, Stranger, ImageConstants.AnonymousUser }
        from visibility in Enum.GetValues<ImageVisibility>()
        select new TestCaseData(role, visibility).SetArgDisplayNames(role, visibility.ToString());

    /// <summary>The operations on one image, by id; each runs on an image of its own.</summary>
    private static readonly string[] s_byIdOperations =
    [
        "get", "get-version", "read", "list-versions", "list-members", "clone", "update", "deactivate", "reactivate",
        "delete", "unregister", "add-member", "remove-member", "replace-members", "accept", "reject",
    ];

    [TestCaseSource(nameof(RolesAndVisibilities))]
    public async Task EveryOperation_ByRoleOnVisibility_HasTheOutcomeTheAccessRulesGive(string role, ImageVisibility visibility)
    {
        IImageBackend backend = await NewBackendAsync();
        var mismatches = new List<string>();
        foreach (string operation in s_byIdOperations)
        {
            ImageRecord image = await PutForTableAsync(backend, $"{operation}-image", visibility);
            ImageRecord before = await backend.GetAsync(Owner, image.Id);
            IReadOnlyList<ImageMember> membersBefore = await backend.ListMembersAsync(Owner, image.Id);
            Outcome expected = Expected(role, visibility, operation);

            Outcome actual = await OutcomeOfAsync(() => RunTableOperationAsync(backend, operation, role, image.Id));

            if (actual != expected)
            {
                mismatches.Add($"{operation}: expected {expected}, got {actual}");
            }
            else if (actual != Outcome.Ok
                && (!(await backend.GetAsync(Owner, image.Id)).Equals(before)
                    || !(await backend.ListMembersAsync(Owner, image.Id)).SequenceEqual(membersBefore)))
            {
                mismatches.Add($"{operation}: refused, but the image changed");
            }
        }

        // Listings: the image shows exactly where the rules say.
        ImageRecord listed = await PutForTableAsync(backend, "listed", visibility);
        bool owner = role == Owner;
        bool member = role is Member or PendingMember or RejectedMember;
        CheckListed(mismatches, "list", await backend.ListAsync(role, new ImageListQuery { Limit = 1000 }), listed.Id, owner || visibility == ImageVisibility.Public || (visibility == ImageVisibility.Shared && role == Member));
        CheckListed(mismatches, "list-public", await backend.ListPublicAsync(role, new ImageListQuery { Limit = 1000 }), listed.Id, visibility == ImageVisibility.Public);
        CheckListed(mismatches, "list-shared-with-me", await backend.ListSharedAsync(role, ImageShareDirection.SharedWithMe), listed.Id, visibility == ImageVisibility.Shared && member);
        CheckListed(mismatches, "list-shared-by-me", await backend.ListSharedAsync(role, ImageShareDirection.SharedByMe), listed.Id, visibility == ImageVisibility.Shared && owner);

        mismatches.Should().BeEmpty();
    }

    /// <summary>
    /// What the rules give: a user who may not see the image gets "not found" for everything (no id leaks); the
    /// anonymous user only reads; only the owner changes; only a member answers; members only for shared images.
    /// </summary>
    private static Outcome Expected(string role, ImageVisibility visibility, string operation)
    {
        bool owner = role == Owner;
        bool member = role is Member or PendingMember or RejectedMember;
        bool anonymous = role == ImageConstants.AnonymousUser;
        bool shared = visibility == ImageVisibility.Shared;
        bool canSee = owner
            || visibility == ImageVisibility.Public
            || (visibility == ImageVisibility.Community && !anonymous)
            || (shared && member);
        if (!canSee)
        {
            return Outcome.NotFound;
        }

        return operation switch
        {
            "get" or "get-version" or "read" => Outcome.Ok,
            "list-versions" or "list-members" or "clone" => anonymous ? Outcome.NotAllowed : Outcome.Ok,
            "add-member" or "replace-members" => !owner ? Outcome.NotAllowed : shared ? Outcome.Ok : Outcome.Conflict,
            "accept" or "reject" => !member ? Outcome.NotAllowed : shared ? Outcome.Ok : Outcome.Conflict,
            _ => owner ? Outcome.Ok : Outcome.NotAllowed,
        };
    }

    /// <summary>An image shared with bob (accepted), dave (pending) and erin (rejected), then given the visibility.</summary>
    private static async Task<ImageRecord> PutForTableAsync(IImageBackend backend, string name, ImageVisibility visibility)
    {
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: name.Length)), new ImageCreateRequest { Name = name, Visibility = ImageVisibility.Shared });
        await backend.ReplaceMembersAsync(Owner, image.Id, [Member, PendingMember, RejectedMember]);
        await backend.AcceptMemberAsync(Member, image.Id);
        await backend.RejectMemberAsync(RejectedMember, image.Id);
        return visibility == ImageVisibility.Shared
            ? await backend.GetAsync(Owner, image.Id)
            : await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Visibility = visibility });
    }

    private static async Task RunTableOperationAsync(IImageBackend backend, string operation, string userId, Guid id)
    {
        switch (operation)
        {
            case "get-version":
                long first = (await backend.ListVersionsAsync(Owner, id))[0].Version;
                await backend.GetAsync(userId, id, first);
                break;
            case "list-versions":
                await backend.ListVersionsAsync(userId, id);
                break;
            case "list-members":
                await backend.ListMembersAsync(userId, id);
                break;
            case "clone":
                await backend.CloneAsync(userId, id, new ImageCloneRequest { Name = "clone-by-" + userId.Trim(':') });
                break;
            case "deactivate":
                await backend.DeactivateAsync(userId, id);
                break;
            case "reactivate":
                await backend.ReactivateAsync(userId, id);
                break;
            case "accept":
                await backend.AcceptMemberAsync(userId, id);
                break;
            case "reject":
                await backend.RejectMemberAsync(userId, id);
                break;
            default:
                await RunOwnerOperationAsync(backend, operation, userId, id);
                break;
        }
    }

    private static async Task<Outcome> OutcomeOfAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return Outcome.Ok;
        }
        catch (ImageNotFoundException)
        {
            return Outcome.NotFound;
        }
        catch (NotAllowedException)
        {
            return Outcome.NotAllowed;
        }
        catch (ImageConflictException)
        {
            return Outcome.Conflict;
        }
    }

    private static void CheckListed(List<string> mismatches, string listing, ImageListPage page, Guid id, bool expected)
    {
        if (page.Images.Any(i => i.Id == id) != expected)
        {
            mismatches.Add($"{listing}: expected the image {(expected ? "listed" : "not listed")}");
        }
    }
}
