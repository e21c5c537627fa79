using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gongkai.Data.Audit;

/// <summary>
/// After a commit that appended audit entries, moves the signed head outside the database (<see cref="AuditSeal.WitnessHead"/>);
/// after a rollback, forgets it. Works for explicit transactions and for a save in EF's own transaction alike.
/// </summary>
public sealed class AuditHeadInterceptor : DbTransactionInterceptor, ISaveChangesInterceptor
{
    public static readonly AuditHeadInterceptor Instance = new();

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Witness(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Witness(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        WitnessOutsideTransaction(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        WitnessOutsideTransaction(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static void WitnessOutsideTransaction(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context?.Database.CurrentTransaction is null)
        {
            Witness(context);
        }
    }

    private static void Witness(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is GongkaiDbContext { PendingAuditHead: { } head } db)
        {
            db.PendingAuditHead = null;
            db.AuditSeal?.WitnessHead(head.Sequence, head.Hash);
        }
    }

    private static void Forget(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is GongkaiDbContext db)
        {
            db.PendingAuditHead = null;
        }
    }
}
