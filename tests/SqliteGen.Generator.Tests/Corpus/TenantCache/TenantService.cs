// Corpus look-alike of a multi-tenant cache service (find_string hit 42611745098):Services/TenantService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Threading.Tasks;
using TenantCache.Data;

namespace TenantCache.Services
{
    public sealed class TenantService
    {
        private readonly DbWrapper _dbWrapper;
        private readonly int _headId;

        public TenantService(DbWrapper dbWrapper, int headId)
        {
            _dbWrapper = dbWrapper;
            _headId = headId;
        }

        public Task AddMgTenant(MgTenants entity) => _dbWrapper.Insert(entity);

        public async Task DelMgTenant(int tenantId)
        {
            await _dbWrapper.Execute($"UPDATE [MgTenants] SET IsDeleted = {(int)EmIsDeleted.Deleted} WHERE HeadId = {_headId} AND TenantId = {tenantId}"); // expect: SQLG301
        }

        public async Task Restore(int tenantId)
        {
            await _dbWrapper.Execute("UPDATE [MgTenants] SET IsDeleted = 0 WHERE HeadId = @headId AND TenantId = @tenantId", new { headId = _headId, tenantId });
        }
    }
}
