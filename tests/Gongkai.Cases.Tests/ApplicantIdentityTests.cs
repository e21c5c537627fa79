using Gongkai.Cases.Cases;

namespace Gongkai.Cases.Tests;

/// <summary>条例 第二十九条第一项 身份证明: the document fits the applicant category and its number fits the document.</summary>
public class ApplicantIdentityTests
{
    [Theory]
    [InlineData("91330100716105852F")]
    [InlineData("91110000600037341L")]
    [InlineData("91440300708461136T")]
    [InlineData("914403001922038216")]
    public void CreditCode_PublishedCodes_Pass_GB32100(string code) => Assert.True(ApplicantIdentity.IsUnifiedSocialCreditCode(code));

    [Theory]
    [InlineData("91410700ABC123")]       // the 14 characters the issue found accepted
    [InlineData("91330100716105852E")]   // wrong check character
    [InlineData("91330100716105852I")]   // I is not in the alphabet
    [InlineData("9133010071610585O2F")]  // 19 characters
    public void CreditCode_Malformed_Fails_GB32100(string code) => Assert.False(ApplicantIdentity.IsUnifiedSocialCreditCode(code));

    [Fact]
    public void CommercialEnterprise_WithResidentId_IsRefusedNamingTheDocumentField_Article29()
    {
        var error = ApplicantIdentity.Check(ApplicantCategory.CommercialEnterprise, "居民身份证", "410102199001011237");
        Assert.NotNull(error);
        Assert.Equal("IdType", error.Value.Field);
        Assert.Contains("法人或其他组织（商业企业）不能以“居民身份证”作为身份证明，应为：统一社会信用代码", error.Value.Message);
    }

    [Fact]
    public void CommercialEnterprise_WithShortCreditCode_IsRefusedNamingTheNumberAndItsShape()
    {
        var error = ApplicantIdentity.Check(ApplicantCategory.CommercialEnterprise, "统一社会信用代码", "91410700ABC123");
        Assert.Equal("IdNumber", error!.Value.Field);
        Assert.Contains("统一社会信用代码应为18位", error.Value.Message);
        Assert.Contains("填写的“91410700ABC123”不符", error.Value.Message);
        Assert.Contains("18位", error.Value.Message);
    }

    [Fact]
    public void CompleteCreditCode_GivesTheCheckCharacterOfAPublishedCode() =>
        Assert.Equal("91330100716105852F", ApplicantIdentity.CompleteCreditCode("91330100716105852"));

    [Fact]
    public void NaturalPerson_CannotUseACreditCode_Article29() =>
        Assert.Equal("IdType", ApplicantIdentity.Check(ApplicantCategory.NaturalPerson, "统一社会信用代码", "91330100716105852F")!.Value.Field);

    [Theory]
    [InlineData("护照", "E12345678", true)]
    [InlineData("护照", "E1", false)]
    [InlineData("港澳居民来往内地通行证", "H12345678", true)]
    [InlineData("港澳居民来往内地通行证", "H1234567801", true)]
    [InlineData("港澳居民来往内地通行证", "X12345678", false)]
    [InlineData("台湾居民来往大陆通行证", "12345678", true)]
    [InlineData("台湾居民来往大陆通行证", "1234567", false)]
    [InlineData("外国人永久居留身份证", "USA110012345678", true)]
    [InlineData("外国人永久居留身份证", "US1100123456", false)]
    [InlineData("居民身份证", "410102199001011237", false)]
    public void PersonalDocuments_AreCheckedByTheirShapes(string kind, string number, bool fits) =>
        Assert.Equal(fits, ApplicantIdentity.Check(ApplicantCategory.NaturalPerson, kind, number) is null);

    [Fact]
    public void OtherOrganisation_MayUseAnotherDocument() =>
        Assert.Null(ApplicantIdentity.Check(ApplicantCategory.Other, "其他证件", "FR-2024-001"));
}
