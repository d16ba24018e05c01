# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'member_dialog.ui'
##
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from lianhu_desktop.gui.dialogs.date_edit import OptionalDateEdit

class Ui_MemberDialog(object):
    def setupUi(self, MemberDialog):
        if not MemberDialog.objectName():
            MemberDialog.setObjectName(u"MemberDialog")
        MemberDialog.resize(860, 560)
        self.mainLayout = QVBoxLayout(MemberDialog)
        self.mainLayout.setSpacing(8)
        self.mainLayout.setObjectName(u"mainLayout")
        self.groupsLayout = QHBoxLayout()
        self.groupsLayout.setSpacing(12)
        self.groupsLayout.setObjectName(u"groupsLayout")
        self.basicBox = QGroupBox(MemberDialog)
        self.basicBox.setObjectName(u"basicBox")
        self.basicForm = QFormLayout(self.basicBox)
        self.basicForm.setObjectName(u"basicForm")
        self.basicForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.basicForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.villageLabel = QLabel(self.basicBox)
        self.villageLabel.setObjectName(u"villageLabel")

        self.basicForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.villageLabel)

        self.village = QComboBox(self.basicBox)
        self.village.setObjectName(u"village")

        self.basicForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.village)

        self.nameLabel = QLabel(self.basicBox)
        self.nameLabel.setObjectName(u"nameLabel")

        self.basicForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.name = QLineEdit(self.basicBox)
        self.name.setObjectName(u"name")

        self.basicForm.setWidget(1, QFormLayout.ItemRole.FieldRole, self.name)

        self.idNumberLabel = QLabel(self.basicBox)
        self.idNumberLabel.setObjectName(u"idNumberLabel")

        self.basicForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.idNumberLabel)

        self.idNumber = QLineEdit(self.basicBox)
        self.idNumber.setObjectName(u"idNumber")
        self.idNumber.setMaxLength(22)

        self.basicForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.idNumber)

        self.genderLabel = QLabel(self.basicBox)
        self.genderLabel.setObjectName(u"genderLabel")

        self.basicForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.genderLabel)

        self.gender = QComboBox(self.basicBox)
        self.gender.setObjectName(u"gender")

        self.basicForm.setWidget(3, QFormLayout.ItemRole.FieldRole, self.gender)

        self.birthDateLabel = QLabel(self.basicBox)
        self.birthDateLabel.setObjectName(u"birthDateLabel")

        self.basicForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.birthDateLabel)

        self.birthDate = OptionalDateEdit(self.basicBox)
        self.birthDate.setObjectName(u"birthDate")

        self.basicForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.birthDate)

        self.ethnicityLabel = QLabel(self.basicBox)
        self.ethnicityLabel.setObjectName(u"ethnicityLabel")

        self.basicForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.ethnicityLabel)

        self.ethnicity = QComboBox(self.basicBox)
        self.ethnicity.setObjectName(u"ethnicity")

        self.basicForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.ethnicity)

        self.educationLabel = QLabel(self.basicBox)
        self.educationLabel.setObjectName(u"educationLabel")

        self.basicForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.educationLabel)

        self.education = QComboBox(self.basicBox)
        self.education.setObjectName(u"education")

        self.basicForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.education)

        self.phoneLabel = QLabel(self.basicBox)
        self.phoneLabel.setObjectName(u"phoneLabel")

        self.basicForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.phoneLabel)

        self.phone = QLineEdit(self.basicBox)
        self.phone.setObjectName(u"phone")

        self.basicForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.phone)

        self.addressLabel = QLabel(self.basicBox)
        self.addressLabel.setObjectName(u"addressLabel")

        self.basicForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.addressLabel)

        self.address = QLineEdit(self.basicBox)
        self.address.setObjectName(u"address")

        self.basicForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.address)


        self.groupsLayout.addWidget(self.basicBox)

        self.partyBox = QGroupBox(MemberDialog)
        self.partyBox.setObjectName(u"partyBox")
        self.partyForm = QFormLayout(self.partyBox)
        self.partyForm.setObjectName(u"partyForm")
        self.partyForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignVCenter)
        self.partyForm.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.joinDateLabel = QLabel(self.partyBox)
        self.joinDateLabel.setObjectName(u"joinDateLabel")

        self.partyForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.joinDateLabel)

        self.joinDate = OptionalDateEdit(self.partyBox)
        self.joinDate.setObjectName(u"joinDate")

        self.partyForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.joinDate)

        self.membershipLabel = QLabel(self.partyBox)
        self.membershipLabel.setObjectName(u"membershipLabel")

        self.partyForm.setWidget(1, QFormLayout.ItemRole.LabelRole, self.membershipLabel)

        self.membershipLayout = QHBoxLayout()
        self.membershipLayout.setSpacing(6)
        self.membershipLayout.setObjectName(u"membershipLayout")
        self.membership = QComboBox(self.partyBox)
        self.membership.setObjectName(u"membership")

        self.membershipLayout.addWidget(self.membership)

        self.probationInfo = QLabel(self.partyBox)
        self.probationInfo.setObjectName(u"probationInfo")

        self.membershipLayout.addWidget(self.probationInfo)

        self.membershipSpacer = QSpacerItem(0, 0, QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.membershipLayout.addItem(self.membershipSpacer)


        self.partyForm.setLayout(1, QFormLayout.ItemRole.FieldRole, self.membershipLayout)

        self.confirmDateLabel = QLabel(self.partyBox)
        self.confirmDateLabel.setObjectName(u"confirmDateLabel")

        self.partyForm.setWidget(2, QFormLayout.ItemRole.LabelRole, self.confirmDateLabel)

        self.confirmDate = OptionalDateEdit(self.partyBox)
        self.confirmDate.setObjectName(u"confirmDate")

        self.partyForm.setWidget(2, QFormLayout.ItemRole.FieldRole, self.confirmDate)

        self.residenceLabel = QLabel(self.partyBox)
        self.residenceLabel.setObjectName(u"residenceLabel")

        self.partyForm.setWidget(3, QFormLayout.ItemRole.LabelRole, self.residenceLabel)

        self.residenceLayout = QHBoxLayout()
        self.residenceLayout.setSpacing(6)
        self.residenceLayout.setObjectName(u"residenceLayout")
        self.residence = QComboBox(self.partyBox)
        self.residence.setObjectName(u"residence")

        self.residenceLayout.addWidget(self.residence)

        self.migrantPlace = QLineEdit(self.partyBox)
        self.migrantPlace.setObjectName(u"migrantPlace")

        self.residenceLayout.addWidget(self.migrantPlace)


        self.partyForm.setLayout(3, QFormLayout.ItemRole.FieldRole, self.residenceLayout)

        self.partyGroupLabel = QLabel(self.partyBox)
        self.partyGroupLabel.setObjectName(u"partyGroupLabel")

        self.partyForm.setWidget(4, QFormLayout.ItemRole.LabelRole, self.partyGroupLabel)

        self.partyGroup = QComboBox(self.partyBox)
        self.partyGroup.setObjectName(u"partyGroup")

        self.partyForm.setWidget(4, QFormLayout.ItemRole.FieldRole, self.partyGroup)

        self.postLabel = QLabel(self.partyBox)
        self.postLabel.setObjectName(u"postLabel")

        self.partyForm.setWidget(5, QFormLayout.ItemRole.LabelRole, self.postLabel)

        self.post = QComboBox(self.partyBox)
        self.post.setObjectName(u"post")

        self.partyForm.setWidget(5, QFormLayout.ItemRole.FieldRole, self.post)

        self.tierLabel = QLabel(self.partyBox)
        self.tierLabel.setObjectName(u"tierLabel")

        self.partyForm.setWidget(6, QFormLayout.ItemRole.LabelRole, self.tierLabel)

        self.tier = QComboBox(self.partyBox)
        self.tier.setObjectName(u"tier")

        self.partyForm.setWidget(6, QFormLayout.ItemRole.FieldRole, self.tier)

        self.homeGridLabel = QLabel(self.partyBox)
        self.homeGridLabel.setObjectName(u"homeGridLabel")

        self.partyForm.setWidget(7, QFormLayout.ItemRole.LabelRole, self.homeGridLabel)

        self.homeGrid = QComboBox(self.partyBox)
        self.homeGrid.setObjectName(u"homeGrid")

        self.partyForm.setWidget(7, QFormLayout.ItemRole.FieldRole, self.homeGrid)

        self.householdLabel = QLabel(self.partyBox)
        self.householdLabel.setObjectName(u"householdLabel")

        self.partyForm.setWidget(8, QFormLayout.ItemRole.LabelRole, self.householdLabel)

        self.household = QComboBox(self.partyBox)
        self.household.setObjectName(u"household")
        self.household.setEditable(True)
        self.household.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.partyForm.setWidget(8, QFormLayout.ItemRole.FieldRole, self.household)

        self.flagsLabel = QLabel(self.partyBox)
        self.flagsLabel.setObjectName(u"flagsLabel")

        self.partyForm.setWidget(9, QFormLayout.ItemRole.LabelRole, self.flagsLabel)

        self.flagsLayout = QHBoxLayout()
        self.flagsLayout.setSpacing(12)
        self.flagsLayout.setObjectName(u"flagsLayout")
        self.isCommittee = QCheckBox(self.partyBox)
        self.isCommittee.setObjectName(u"isCommittee")

        self.flagsLayout.addWidget(self.isCommittee)

        self.linkExempt = QCheckBox(self.partyBox)
        self.linkExempt.setObjectName(u"linkExempt")

        self.flagsLayout.addWidget(self.linkExempt)

        self.flagsSpacer = QSpacerItem(10, 10, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.flagsLayout.addItem(self.flagsSpacer)


        self.partyForm.setLayout(9, QFormLayout.ItemRole.FieldRole, self.flagsLayout)


        self.groupsLayout.addWidget(self.partyBox)


        self.mainLayout.addLayout(self.groupsLayout)

        self.skillsBox = QGroupBox(MemberDialog)
        self.skillsBox.setObjectName(u"skillsBox")
        self.skillsOuter = QVBoxLayout(self.skillsBox)
        self.skillsOuter.setObjectName(u"skillsOuter")
        self.skillsGrid = QGridLayout()
        self.skillsGrid.setObjectName(u"skillsGrid")
        self.skillsGrid.setHorizontalSpacing(16)

        self.skillsOuter.addLayout(self.skillsGrid)

        self.otherSkillsLayout = QHBoxLayout()
        self.otherSkillsLayout.setSpacing(6)
        self.otherSkillsLayout.setObjectName(u"otherSkillsLayout")
        self.otherSkillsLabel = QLabel(self.skillsBox)
        self.otherSkillsLabel.setObjectName(u"otherSkillsLabel")

        self.otherSkillsLayout.addWidget(self.otherSkillsLabel)

        self.otherSkills = QLineEdit(self.skillsBox)
        self.otherSkills.setObjectName(u"otherSkills")

        self.otherSkillsLayout.addWidget(self.otherSkills)


        self.skillsOuter.addLayout(self.otherSkillsLayout)


        self.mainLayout.addWidget(self.skillsBox)

        self.notesForm = QFormLayout()
        self.notesForm.setObjectName(u"notesForm")
        self.notesForm.setLabelAlignment(Qt.AlignmentFlag.AlignRight|Qt.AlignmentFlag.AlignTop)
        self.notesLabel = QLabel(MemberDialog)
        self.notesLabel.setObjectName(u"notesLabel")

        self.notesForm.setWidget(0, QFormLayout.ItemRole.LabelRole, self.notesLabel)

        self.notes = QPlainTextEdit(MemberDialog)
        self.notes.setObjectName(u"notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMaximumSize(QSize(16777215, 64))

        self.notesForm.setWidget(0, QFormLayout.ItemRole.FieldRole, self.notes)


        self.mainLayout.addLayout(self.notesForm)

        self.errorLabel = QLabel(MemberDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(MemberDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setOrientation(Qt.Orientation.Horizontal)
        self.buttonBox.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.villageLabel.setBuddy(self.village)
        self.nameLabel.setBuddy(self.name)
        self.idNumberLabel.setBuddy(self.idNumber)
        self.genderLabel.setBuddy(self.gender)
        self.birthDateLabel.setBuddy(self.birthDate)
        self.ethnicityLabel.setBuddy(self.ethnicity)
        self.educationLabel.setBuddy(self.education)
        self.phoneLabel.setBuddy(self.phone)
        self.addressLabel.setBuddy(self.address)
        self.joinDateLabel.setBuddy(self.joinDate)
        self.membershipLabel.setBuddy(self.membership)
        self.confirmDateLabel.setBuddy(self.confirmDate)
        self.residenceLabel.setBuddy(self.residence)
        self.partyGroupLabel.setBuddy(self.partyGroup)
        self.postLabel.setBuddy(self.post)
        self.tierLabel.setBuddy(self.tier)
        self.homeGridLabel.setBuddy(self.homeGrid)
        self.householdLabel.setBuddy(self.household)
        self.otherSkillsLabel.setBuddy(self.otherSkills)
        self.notesLabel.setBuddy(self.notes)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.village, self.name)
        QWidget.setTabOrder(self.name, self.idNumber)
        QWidget.setTabOrder(self.idNumber, self.gender)
        QWidget.setTabOrder(self.gender, self.birthDate)
        QWidget.setTabOrder(self.birthDate, self.ethnicity)
        QWidget.setTabOrder(self.ethnicity, self.education)
        QWidget.setTabOrder(self.education, self.phone)
        QWidget.setTabOrder(self.phone, self.address)
        QWidget.setTabOrder(self.address, self.joinDate)
        QWidget.setTabOrder(self.joinDate, self.membership)
        QWidget.setTabOrder(self.membership, self.confirmDate)
        QWidget.setTabOrder(self.confirmDate, self.residence)
        QWidget.setTabOrder(self.residence, self.migrantPlace)
        QWidget.setTabOrder(self.migrantPlace, self.partyGroup)
        QWidget.setTabOrder(self.partyGroup, self.post)
        QWidget.setTabOrder(self.post, self.tier)
        QWidget.setTabOrder(self.tier, self.homeGrid)
        QWidget.setTabOrder(self.homeGrid, self.household)
        QWidget.setTabOrder(self.household, self.isCommittee)
        QWidget.setTabOrder(self.isCommittee, self.linkExempt)
        QWidget.setTabOrder(self.linkExempt, self.otherSkills)
        QWidget.setTabOrder(self.otherSkills, self.notes)

        self.retranslateUi(MemberDialog)
        self.buttonBox.rejected.connect(MemberDialog.reject)

        QMetaObject.connectSlotsByName(MemberDialog)
    # setupUi

    def retranslateUi(self, MemberDialog):
        MemberDialog.setWindowTitle(QCoreApplication.translate("MemberDialog", u"\u515a\u5458\u4fe1\u606f", None))
        self.basicBox.setTitle(QCoreApplication.translate("MemberDialog", u"\u57fa\u672c\u4fe1\u606f", None))
        self.villageLabel.setText(QCoreApplication.translate("MemberDialog", u"\u6240\u5c5e\u6751\uff1a", None))
        self.nameLabel.setText(QCoreApplication.translate("MemberDialog", u"\u59d3\u540d(&N)\uff1a", None))
        self.name.setPlaceholderText(QCoreApplication.translate("MemberDialog", u"\u5fc5\u586b", None))
        self.idNumberLabel.setText(QCoreApplication.translate("MemberDialog", u"\u8eab\u4efd\u8bc1\u53f7(&I)\uff1a", None))
        self.idNumber.setPlaceholderText(QCoreApplication.translate("MemberDialog", u"18 \u4f4d\uff1b\u586b\u597d\u540e\u81ea\u52a8\u8bc6\u522b\u51fa\u751f\u65e5\u671f\u548c\u6027\u522b", None))
        self.genderLabel.setText(QCoreApplication.translate("MemberDialog", u"\u6027\u522b(&G)\uff1a", None))
        self.birthDateLabel.setText(QCoreApplication.translate("MemberDialog", u"\u51fa\u751f\u65e5\u671f(&B)\uff1a", None))
        self.ethnicityLabel.setText(QCoreApplication.translate("MemberDialog", u"\u6c11\u65cf(&E)\uff1a", None))
        self.educationLabel.setText(QCoreApplication.translate("MemberDialog", u"\u6587\u5316\u7a0b\u5ea6(&U)\uff1a", None))
        self.phoneLabel.setText(QCoreApplication.translate("MemberDialog", u"\u8054\u7cfb\u7535\u8bdd(&P)\uff1a", None))
        self.phone.setPlaceholderText(QCoreApplication.translate("MemberDialog", u"\u624b\u673a 11 \u4f4d\uff0c\u6216\u5e26\u533a\u53f7\u7684\u5ea7\u673a", None))
        self.addressLabel.setText(QCoreApplication.translate("MemberDialog", u"\u4f4f\u5740(&A)\uff1a", None))
        self.partyBox.setTitle(QCoreApplication.translate("MemberDialog", u"\u515a\u5458\u4fe1\u606f", None))
        self.joinDateLabel.setText(QCoreApplication.translate("MemberDialog", u"\u5165\u515a\u65e5\u671f(&J)\uff1a", None))
        self.membershipLabel.setText(QCoreApplication.translate("MemberDialog", u"\u515a\u5458\u7c7b\u522b(&M)\uff1a", None))
        self.confirmDateLabel.setText(QCoreApplication.translate("MemberDialog", u"\u8f6c\u6b63\u65e5\u671f(&V)\uff1a", None))
#if QT_CONFIG(tooltip)
        self.confirmDate.setToolTip(QCoreApplication.translate("MemberDialog", u"\u9884\u5907\u515a\u5458\u8f6c\u4e3a\u6b63\u5f0f\u515a\u5458\u7684\u65e5\u671f\uff1b\u4e0d\u80fd\u65e9\u4e8e\u5165\u515a\u6ee1\u4e00\u5e74", None))
#endif // QT_CONFIG(tooltip)
        self.residenceLabel.setText(QCoreApplication.translate("MemberDialog", u"\u5c45\u4f4f\u60c5\u51b5(&R)\uff1a", None))
        self.migrantPlace.setPlaceholderText(QCoreApplication.translate("MemberDialog", u"\u5916\u51fa\u5730\u70b9\uff0c\u5982 \u5e7f\u5dde\u5e02\u767d\u4e91\u533a", None))
        self.partyGroupLabel.setText(QCoreApplication.translate("MemberDialog", u"\u515a\u5c0f\u7ec4(&Z)\uff1a", None))
        self.postLabel.setText(QCoreApplication.translate("MemberDialog", u"\u5c97\u4f4d(&O)\uff1a", None))
        self.tierLabel.setText(QCoreApplication.translate("MemberDialog", u"\u8003\u6838\u7c7b\u522b(&T)\uff1a", None))
        self.homeGridLabel.setText(QCoreApplication.translate("MemberDialog", u"\u6240\u5728\u7f51\u683c(&W)\uff1a", None))
        self.householdLabel.setText(QCoreApplication.translate("MemberDialog", u"\u672c\u4eba\u6240\u5728\u6237(&H)\uff1a", None))
        self.flagsLabel.setText(QCoreApplication.translate("MemberDialog", u"\u8eab\u4efd\uff1a", None))
        self.isCommittee.setText(QCoreApplication.translate("MemberDialog", u"\u652f\u90e8\u59d4\u5458(&C)", None))
        self.linkExempt.setText(QCoreApplication.translate("MemberDialog", u"\u514d\u4e8e\u8054\u6237\uff08\u8001\u75c5\u6b8b\uff09(&X)", None))
        self.skillsBox.setTitle(QCoreApplication.translate("MemberDialog", u"\u4e13\u957f\uff08\u53ef\u591a\u9009\uff0c\u7528\u4e8e\u80fd\u529b\u5206\u7c7b\u8054\u6237\uff09", None))
        self.otherSkillsLabel.setText(QCoreApplication.translate("MemberDialog", u"\u5176\u4ed6\u4e13\u957f(&K)\uff1a", None))
        self.otherSkills.setPlaceholderText(QCoreApplication.translate("MemberDialog", u"\u5982 \u7535\u5de5\u3001\u9a7e\u9a76\uff1b\u591a\u9879\u7528\u987f\u53f7\u9694\u5f00", None))
        self.notesLabel.setText(QCoreApplication.translate("MemberDialog", u"\u5907\u6ce8(&Y)\uff1a", None))
    # retranslateUi

