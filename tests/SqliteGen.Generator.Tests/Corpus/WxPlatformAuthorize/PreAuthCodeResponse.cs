// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WebAPI/Models/PreAuthCodeResponse.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WebAPI.Models
{
    public class PreAuthCodeResponse : BaseResponse
    {
        public string PreAuthCode { get; set; } = "";
        public int ExpiresIn { get; set; }
    }
}
